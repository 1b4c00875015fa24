import { parseArgs } from 'node:util';
import type { CliIo } from '../cli-io';
import { HELP_OPTION, SERVER_OPTIONS, onePositional, oneOf, parseOrUsage } from '../command-args';
import { EXIT_OK, type ExitCode } from '../exit-codes';
import { SHOW_HELP } from '../help';
import { printNotes } from '../layouts/named-layout';
import { layoutSource, resolveLayout } from '../layouts/resolve-layout';
import { SHOW_FORMATS, formatShow } from '../show/format-table';
import { serverClient } from './server-option';

export async function showCommand(argv: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseOrUsage('show', () =>
    parseArgs({
      args: argv,
      allowPositionals: true,
      options: { ...HELP_OPTION, ...SERVER_OPTIONS, revision: { type: 'string' }, 'btf-base': { type: 'string' }, format: { type: 'string' } },
    }),
  );
  if (values.help) {
    io.out(SHOW_HELP);
    return EXIT_OK;
  }
  const spec = onePositional('show', 'a layout name, "latest" or a file', positionals);
  const format = oneOf('show', 'format', values.format, SHOW_FORMATS, 'text');
  const layout = await resolveLayout(spec, layoutSource(serverClient(io, values)), { revision: values.revision, btfBase: values['btf-base'] });
  printNotes(io, layout);
  io.out(formatShow(layout, format));
  return EXIT_OK;
}
