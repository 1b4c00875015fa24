import { parseArgs } from 'node:util';
import { emitConverterC } from '../../core/conversion/emit-c';
import { buildPlan } from '../../core/conversion/plan';
import type { CliIo } from '../cli-io';
import { HELP_OPTION, SERVER_OPTIONS, noPositionals, parseOrUsage } from '../command-args';
import { EXIT_OK, type ExitCode } from '../exit-codes';
import { CONVERTER_HELP } from '../help';
import { layoutPair } from './layout-pair';

// The converter as self-contained C99, the same emitter GET /converters/:from/:to.c uses.
export async function converterCommand(argv: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseOrUsage('converter', () =>
    parseArgs({
      args: argv,
      allowPositionals: true,
      options: { ...HELP_OPTION, ...SERVER_OPTIONS, from: { type: 'string' }, to: { type: 'string' } },
    }),
  );
  if (values.help) {
    io.out(CONVERTER_HELP);
    return EXIT_OK;
  }
  noPositionals('converter', positionals);
  const { from, to, aliases } = await layoutPair('converter', io, values);
  const plan = buildPlan(from, to, aliases);
  const banner = `/* vmcs12 converter ${comment(from.name)} (${from.fingerprint}) -> ${comment(to.name)} (${to.fingerprint}), plan ${plan.id} */\n`;
  io.out(banner + emitConverterC(plan, from.layout, to.layout));
  return EXIT_OK;
}

// File paths may hold anything; keep them from closing the banner comment.
function comment(text: string): string {
  return text.replace(/\*\//g, '* /').replace(/[^\x20-\x7e]/g, '?');
}
