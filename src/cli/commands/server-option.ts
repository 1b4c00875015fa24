import { ServerClient } from '../http/server-client';
import type { CliIo } from '../cli-io';

// --server URL [--token T]; the token falls back to $VMCS12_TOKEN. Sent on reads too, for
// services that close reads (READ_TOKENS).
export function serverClient(io: CliIo, values: { server?: string; token?: string }): ServerClient | undefined {
  if (values.server === undefined) {
    return undefined;
  }
  return new ServerClient(values.server, tokenOf(io, values));
}

export function tokenOf(io: CliIo, values: { token?: string }): string | undefined {
  const token = values.token ?? io.env.VMCS12_TOKEN;
  return token === undefined || token === '' ? undefined : token;
}
