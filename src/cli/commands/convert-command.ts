import { parseArgs } from 'node:util';
import { convertBlob, formatLostField } from '../../core/conversion/convert-blob';
import type { BlobLoss } from '../../core/conversion/blob-loss';
import { buildPlan } from '../../core/conversion/plan';
import { CoreError } from '../../core/errors';
import { CliError, UsageError } from '../cli-error';
import type { CliIo } from '../cli-io';
import { HELP_OPTION, SERVER_OPTIONS, noPositionals, parseOrUsage, required } from '../command-args';
import { EXIT_OK, type ExitCode } from '../exit-codes';
import { CONVERT_HELP } from '../help';
import { convertAuto } from '../../core/identify/convert-auto';
import { identifyBlob, type LayoutCandidateInput } from '../../core/identify/identify';
import { fingerprint } from '../../core/layouts/fingerprint';
import { registeredCandidates } from '../identify/registered-candidates';
import { layoutSource, resolveLayout } from '../layouts/resolve-layout';
import { layoutPair } from './layout-pair';
import { serverClient } from './server-option';

const AUTO = 'auto';

// stdin: one blob of A; stdout: the blob of B; stderr: what was lost. The conversion is the
// core's convertBlob over the core's plan, byte for byte what POST /convert answers.
export async function convertCommand(argv: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseOrUsage('convert', () =>
    parseArgs({
      args: argv,
      allowPositionals: true,
      options: { ...HELP_OPTION, ...SERVER_OPTIONS, from: { type: 'string' }, to: { type: 'string' }, strict: { type: 'boolean' } },
    }),
  );
  if (values.help) {
    io.out(CONVERT_HELP);
    return EXIT_OK;
  }
  noPositionals('convert', positionals);
  if (values.from === AUTO) {
    return convertAutoCommand(io, values);
  }
  const { from, to, aliases } = await layoutPair('convert', io, values);
  if (io.stdinIsTty) {
    throw new UsageError(`pipe a ${from.layout.size}-byte blob of ${from.name} into stdin`, 'convert');
  }
  const input = await io.readStdin();
  const plan = buildPlan(from, to, aliases);
  try {
    const { output, lost } = convertBlob(plan, input, { strict: values.strict === true });
    io.outBytes(output);
    if (lost.length > 0) {
      io.err(`vmcs12-registry: ${from.name} -> ${to.name} lost ${describeLoss(lost)}\n`);
    }
    return EXIT_OK;
  } catch (e) {
    if (e instanceof CoreError && e.code === 'LOSSY_CONVERSION') {
      const lost = (e.details.lost ?? []) as BlobLoss[];
      throw new CliError(`--strict: ${from.name} -> ${to.name} would lose ${describeLoss(lost)}; nothing written`, 'lossy_conversion', { details: { lost } });
    }
    throw e;
  }
}

// --from auto: the source identified from the blob, converted only when every layout in play
// converts it alike (the core's convertAuto, as POST /convert/auto/:to).
async function convertAutoCommand(io: CliIo, values: { to?: string; server?: string; token?: string; strict?: boolean }): Promise<ExitCode> {
  const source = layoutSource(serverClient(io, values));
  const to = await resolveLayout(required('convert', 'to', values.to), source);
  if (io.stdinIsTty) {
    throw new UsageError('pipe a saved vmcs12 into stdin', 'convert');
  }
  const input = await io.readStdin();
  const { layouts, reserved } = await registeredCandidates(source);
  const aliases = await source.aliases();
  const byName = new Map(layouts.map((l) => [l.name, l]));
  const id = identifyBlob(input, layouts, { reserved });
  const chosen = convertAuto(
    id,
    (name) => {
      const from = byName.get(name) as LayoutCandidateInput;
      return convertBlob(buildPlan({ layout: from.layout, fingerprint: fingerprint(from.layout) }, to, aliases), input);
    },
    to.layout,
  );
  const { output, lost } = chosen.conversion;
  if (values.strict === true && lost.length > 0) {
    throw new CliError(`--strict: ${chosen.from} -> ${to.name} would lose ${describeLoss(lost)}; nothing written`, 'lossy_conversion', { details: { lost } });
  }
  io.outBytes(output);
  io.err(`vmcs12-registry: source ${chosen.from} (candidates: ${chosen.considered.join(', ')})\n`);
  if (lost.length > 0) {
    io.err(`vmcs12-registry: ${chosen.from} -> ${to.name} lost ${describeLoss(lost)}\n`);
  }
  return EXIT_OK;
}

function describeLoss(lost: BlobLoss[]): string {
  const items = lost.map((l) => `${formatLostField(l)} (${l.reason})`);
  return `${lost.length} value${lost.length === 1 ? '' : 's'}: ${items.join(', ')}`;
}
