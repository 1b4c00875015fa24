import { parseArgs } from 'node:util';
import { MAINLINE } from '../../core/events/events';
import { LAYOUT_NAME_PATTERN } from '../../core/names';
import { POLICY_MODES } from '../../core/policy/registration-policy';
import { evaluateCheck } from '../check/evaluate-check';
import { CHECK_FORMATS, escapeData, escapeProperty, formatCheck, type CheckFormat } from '../check/format-check';
import { CliError, UsageError } from '../cli-error';
import type { CliIo } from '../cli-io';
import { HELP_OPTION, SERVER_OPTIONS, onePositional, oneOf, parseOrUsage } from '../command-args';
import { EXIT_OK, EXIT_REFUSED, type ExitCode } from '../exit-codes';
import { CHECK_HELP } from '../help';
import { printNotes } from '../layouts/named-layout';
import { layoutSource, resolveLayout } from '../layouts/resolve-layout';
import { serverClient } from './server-option';

export async function checkCommand(argv: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseOrUsage('check', () =>
    parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        ...HELP_OPTION,
        ...SERVER_OPTIONS,
        against: { type: 'string' },
        lineage: { type: 'string', default: MAINLINE },
        'branches-from': { type: 'string' },
        revision: { type: 'string' },
        'btf-base': { type: 'string' },
        mode: { type: 'string' },
        format: { type: 'string' },
      },
    }),
  );
  if (values.help) {
    io.out(CHECK_HELP);
    return EXIT_OK;
  }
  const file = onePositional('check', 'the file to check (a header or .c holding struct vmcs12, or a kernel module)', positionals);
  const mode = values.mode === undefined ? undefined : oneOf('check', 'mode', values.mode, POLICY_MODES, 'none');
  const lineage = slug('lineage', values.lineage);
  const branches = values['branches-from'];
  const branchesFrom = branches === undefined ? undefined : branches === 'none' ? null : slug('branches-from', branches);
  const format = oneOf('check', 'format', values.format, CHECK_FORMATS, 'text');
  const source = layoutSource(serverClient(io, values));
  try {
    const checked = await resolveLayout(file, source, { revision: values.revision, btfBase: values['btf-base'] });
    printNotes(io, checked);
    // Without --against (or with `latest`): the head of the checked lineage, as `register` judges.
    const against = values.against === undefined || values.against === 'latest' ? undefined : await resolveLayout(values.against, source);
    const state = await source.registryState();
    const result = await evaluateCheck({
      checked,
      lineage,
      ...(branchesFrom === undefined ? {} : { branchesFrom }),
      state,
      ...(against ? { against } : {}),
      ...(mode === undefined ? {} : { mode }),
      named: (name) => source.byName(name),
    });
    io.out(formatCheck(result, format));
    return result.accepted ? EXIT_OK : EXIT_REFUSED;
  } catch (e) {
    annotateError(e, format, io);
    throw e;
  }
}

function slug(option: string, value: string): string {
  if (!LAYOUT_NAME_PATTERN.test(value)) {
    throw new UsageError(`--${option} must be a lineage name matching ${LAYOUT_NAME_PATTERN.source}`, 'check');
  }
  return value;
}

// In a workflow log an unparsable header should show up on its line like any finding.
function annotateError(e: unknown, format: CheckFormat, io: CliIo): void {
  if (format !== 'github' || !(e instanceof CliError) || e.location === undefined) {
    return;
  }
  const { file, line, column } = e.location;
  const at = line === undefined ? '' : `,line=${line},col=${column ?? 1}`;
  const message = e.message.startsWith(`${file}:`) ? e.message.slice(e.message.indexOf(': ') + 2) : e.message;
  io.out(`::error file=${escapeProperty(file)}${at},title=vmcs12-registry::${escapeData(message)}\n`);
}
