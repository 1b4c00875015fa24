import { parseArgs } from 'node:util';
import { identifyBlob, type Identification } from '../../core/identify/identify';
import { identifyNestedState } from '../../core/identify/identify-nested-state';
import { UsageError } from '../cli-error';
import type { CliIo } from '../cli-io';
import { HELP_OPTION, SERVER_OPTIONS, noPositionals, oneOf, parseOrUsage } from '../command-args';
import { EXIT_OK, EXIT_REFUSED, type ExitCode } from '../exit-codes';
import { IDENTIFY_HELP } from '../help';
import { identificationTable } from '../identify/identification-table';
import { registeredCandidates } from '../identify/registered-candidates';
import { layoutSource } from '../layouts/resolve-layout';
import { serverClient } from './server-option';

// stdin: a blob (or a kvm_nested_state with --container nested-state); stdout: which registered
// layout wrote it, with the evidence, as POST /identify answers. Exit 0 when identified, 1 when
// ambiguous or unknown (the blob was read, but names no single layout).
export async function identifyCommand(argv: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseOrUsage('identify', () =>
    parseArgs({
      args: argv,
      allowPositionals: true,
      options: { ...HELP_OPTION, ...SERVER_OPTIONS, container: { type: 'string' }, format: { type: 'string' }, json: { type: 'boolean' } },
    }),
  );
  if (values.help) {
    io.out(IDENTIFY_HELP);
    return EXIT_OK;
  }
  noPositionals('identify', positionals);
  const json = oneOf('identify', 'format', values.format, ['text', 'json'] as const, values.json ? 'json' : 'text') === 'json';
  const nestedState = oneOf('identify', 'container', values.container, ['none', 'nested-state'] as const, 'none') === 'nested-state';
  if (io.stdinIsTty) {
    throw new UsageError('pipe a saved vmcs12 (or a kvm_nested_state with --container nested-state) into stdin', 'identify');
  }
  const input = await io.readStdin();
  const { layouts, reserved } = await registeredCandidates(layoutSource(serverClient(io, values)));
  const id: Identification = nestedState ? identifyNestedState(input, layouts, { reserved }) : identifyBlob(input, layouts, { reserved });
  io.out(json ? `${JSON.stringify(id, null, 2)}\n` : identificationTable(id));
  return id.verdict === 'identified' ? EXIT_OK : EXIT_REFUSED;
}
