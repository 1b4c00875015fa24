import type { Aliases } from '../../core/compat/field-index';
import type { CliIo } from '../cli-io';
import { required } from '../command-args';
import type { NamedLayout } from '../layouts/named-layout';
import { layoutSource, resolveLayout } from '../layouts/resolve-layout';
import { serverClient } from './server-option';

export interface LayoutPair {
  from: NamedLayout;
  to: NamedLayout;
  aliases?: Aliases;
}

// --from A --to B for convert and converter: names (catalog or --server), `latest`, or files.
export async function layoutPair(
  command: string,
  io: CliIo,
  values: { from?: string; to?: string; server?: string; token?: string },
): Promise<LayoutPair> {
  const fromSpec = required(command, 'from', values.from);
  const toSpec = required(command, 'to', values.to);
  const source = layoutSource(serverClient(io, values));
  const from = await resolveLayout(fromSpec, source);
  const to = await resolveLayout(toSpec, source);
  return { from, to, aliases: await source.aliases() };
}
