import { parseArgs } from 'node:util';
import { CoreError } from '../../core/errors';
import { LAYOUT_FORMATS, fileFormat } from '../../core/formats/layout-formats';
import { parseRegisterRequest } from '../../core/registry/register-request';
import { UsageError, fileError } from '../cli-error';
import type { CliIo } from '../cli-io';
import { HELP_OPTION, SERVER_OPTIONS, onePositional, oneOf, parseOrUsage, required } from '../command-args';
import { EXIT_OK, type ExitCode } from '../exit-codes';
import { REGISTER_HELP } from '../help';
import { ServerClient } from '../http/server-client';
import { givenFacts, readLayoutBytes, runningKernelOf } from '../layouts/read-layout-file';
import { tokenOf } from './server-option';

interface RegisteredBody {
  notes?: string[];
  name?: string;
  revision?: string;
  fingerprint?: string;
  fields?: unknown[];
  lineage?: string;
  sameAs?: string[];
  warnings?: { message?: string }[];
}

interface ServerFinding {
  rule?: string;
  field?: string;
  message?: string;
  against?: string;
  check?: string;
  line?: number;
  column?: number;
}

// POST /layouts. The request is validated locally first with the service's own validation,
// so a syntax error is reported as file:line:col without a round trip; the service still
// decides (name taken, registration policy).
export async function registerCommand(argv: string[], io: CliIo): Promise<ExitCode> {
  const { values, positionals } = parseOrUsage('register', () =>
    parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        ...HELP_OPTION,
        ...SERVER_OPTIONS,
        name: { type: 'string' },
        revision: { type: 'string' },
        'btf-base': { type: 'string' },
        format: { type: 'string' },
        lineage: { type: 'string' },
        'branches-from': { type: 'string' },
      },
    }),
  );
  if (values.help) {
    io.out(REGISTER_HELP);
    return EXIT_OK;
  }
  const file = onePositional('register', 'the file to register', positionals);
  const url = required('register', 'server', values.server);
  const format = oneOf('register', 'format', values.format, ['text', 'json'] as const, 'text');
  const branches = values['branches-from'];
  const lineage = {
    ...(values.lineage === undefined ? {} : { lineage: values.lineage }),
    ...(branches === undefined ? {} : { branchesFrom: branches === 'none' ? null : branches }),
  };
  const body = { ...requestBody(file, values.name, values.revision, values['btf-base']), ...lineage };
  const client = new ServerClient(url, tokenOf(io, values));
  const res = await client.request('POST', '/layouts', body);
  if (res.status === 200 || res.status === 201) {
    io.out(format === 'json' ? JSON.stringify(res.body, null, 2) + '\n' : describeSuccess(res.status, res.body as RegisteredBody, client.url));
    return EXIT_OK;
  }
  if (res.status >= 400 && res.status < 500) {
    io.err(findingLines(res.body).join(''));
  }
  // With --format json, the error document on stdout carries the status and the service's body.
  throw client.failure('POST', '/layouts', res, true);
}

// The body the file's format submits (LAYOUT_FORMATS), named and with --revision when given.
// A compiled kernel names itself: without --name, kvm-intel-<release>, the release from the
// module's vermagic or, under /sys/kernel/btf, the running kernel's (sent as `kernel` too).
function requestBody(file: string, name: string | undefined, revision: string | undefined, btfBase: string | undefined): Record<string, unknown> {
  const input = readLayoutBytes(file, btfBase);
  const format = fileFormat(input);
  try {
    const running = format === 'btf' ? runningKernelOf(file) : undefined;
    const kernel = name === undefined && format === 'btf' ? (LAYOUT_FORMATS.btf.fromFile(input, givenFacts({ revision })).provenance?.kernel ?? running) : running;
    const named = name ?? (format === 'btf' && kernel !== undefined ? kernelLayoutName(kernel) : required('register', 'name', name));
    const body = {
      ...LAYOUT_FORMATS[format].requestBody(input),
      name: named,
      format,
      ...(revision === undefined ? {} : { revision }),
      ...(running === undefined ? {} : { kernel: running }),
    };
    parseRegisterRequest(body);
    return body;
  } catch (e) {
    if (e instanceof CoreError && e.details.field === 'name') {
      throw new UsageError(e.message, 'register');
    }
    throw e instanceof CoreError ? fileError(e.details.input === 'base' && input.base ? input.base.path : file, e) : e;
  }
}

function kernelLayoutName(release: string): string {
  return `kvm-intel-${release}`.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').slice(0, 64);
}

function describeSuccess(status: number, body: RegisteredBody, url: string): string {
  const what = status === 201 ? `registered ${body.name ?? '?'} on ${url}` : `${body.name ?? '?'} is already registered on ${url} with this content; nothing changed`;
  const lines = [what, `lineage ${body.lineage ?? '?'}, revision ${body.revision ?? '?'}, ${body.fields?.length ?? 0} fields, ${body.fingerprint ?? '?'}`];
  if (body.sameAs && body.sameAs.length > 0) {
    lines.push(`same layout as ${body.sameAs.join(', ')}`);
  }
  for (const w of body.warnings ?? []) {
    lines.push(`warning REVISION_CONFLICT: ${w.message ?? ''}`);
  }
  return lines.join('\n') + '\n' + (body.notes ?? []).map((n) => `note: ${n}\n`).join('');
}

// A policy refusal (409) groups the findings that broke the gate by reference layout, and
// says what would pass.
function findingLines(body: unknown): string[] {
  const b = body as { findings?: unknown; hint?: unknown } | undefined;
  if (!Array.isArray(b?.findings)) {
    return [];
  }
  const findings = (b.findings as ({ findings?: ServerFinding[] } & ServerFinding)[]).flatMap((g) => (Array.isArray(g.findings) ? g.findings : [g]));
  const lines = findings.map((f) => {
    const at = f.line === undefined ? '' : ` (line ${f.line}, column ${f.column ?? 1})`;
    return `  ${f.rule ?? '?'} ${f.field ?? ''}${at}: ${f.message ?? ''} [${f.check ?? '?'} against ${f.against ?? '?'}]\n`;
  });
  return typeof b.hint === 'string' ? [...lines, `  hint: ${b.hint}\n`] : lines;
}

