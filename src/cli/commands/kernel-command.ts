import { parseArgs } from 'node:util';
import { loadCatalog } from '../../core/catalog/catalog';
import { lookupKernel } from '../../core/identify/kernel-lookup';
import type { CliIo } from '../cli-io';
import { HELP_OPTION, onePositional, oneOf, parseOrUsage } from '../command-args';
import { EXIT_OK, type ExitCode } from '../exit-codes';
import { KERNEL_HELP } from '../help';

// The layouts a kernel release is known to use, from the built-in catalog's evidence, as
// GET /kernels/:release answers.
export async function kernelCommand(argv: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseOrUsage('kernel', () =>
    parseArgs({ args: argv, allowPositionals: true, options: { ...HELP_OPTION, format: { type: 'string' }, json: { type: 'boolean' } } }),
  );
  if (values.help) {
    io.out(KERNEL_HELP);
    return EXIT_OK;
  }
  const release = onePositional('kernel', 'release', positionals);
  const json = oneOf('kernel', 'format', values.format, ['text', 'json'] as const, values.json ? 'json' : 'text') === 'json';
  const entries = loadCatalog().map((e) => ({ name: e.name, lineage: e.lineage, fingerprint: e.fingerprint, kernels: e.kernels }));
  const found = lookupKernel(release, entries);
  if (json) {
    io.out(`${JSON.stringify(found, null, 2)}\n`);
    return EXIT_OK;
  }
  io.out(`# Linux ${found.release}: the built-in catalog's evidence\n`);
  for (const l of found.layouts) {
    io.out(`${l.name}  (${l.lineage ?? '-'}, ${l.match} match, ${l.fingerprint.slice(0, 19)})\n`);
    for (const e of l.evidence) {
      io.out(`  ${e.release}: ${e.evidence}\n`);
    }
  }
  return EXIT_OK;
}
