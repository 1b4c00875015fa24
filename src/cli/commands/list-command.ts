import { parseArgs } from 'node:util';
import type { CliIo } from '../cli-io';
import { HELP_OPTION, SERVER_OPTIONS, noPositionals, oneOf, parseOrUsage } from '../command-args';
import { EXIT_OK, type ExitCode } from '../exit-codes';
import { LIST_HELP } from '../help';
import { layoutSource } from '../layouts/resolve-layout';
import { serverClient } from './server-option';

export async function listCommand(argv: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseOrUsage('list', () =>
    parseArgs({ args: argv, allowPositionals: true, options: { ...HELP_OPTION, ...SERVER_OPTIONS, json: { type: 'boolean' }, format: { type: 'string' } } }),
  );
  if (values.help) {
    io.out(LIST_HELP);
    return EXIT_OK;
  }
  noPositionals('list', positionals);
  const json = oneOf('list', 'format', values.format, ['text', 'json'] as const, values.json ? 'json' : 'text') === 'json';
  const source = layoutSource(serverClient(io, values));
  const rows = await source.list();
  if (json) {
    io.out(JSON.stringify(rows, null, 2) + '\n');
    return EXIT_OK;
  }
  const width = Math.max(4, ...rows.map((r) => r.name.length));
  io.out(`# ${source.label}, oldest first; * marks "latest"\n`);
  for (const r of rows) {
    io.out(`${r.latest ? '*' : ' '} ${r.name.padEnd(width)}  ${r.revision}  ${String(r.size).padStart(5)}  ${r.fingerprint.slice(0, 19)}  ${r.note}\n`);
  }
  return EXIT_OK;
}
