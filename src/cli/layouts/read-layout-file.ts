import { readFileSync, statSync } from 'node:fs';
import { CoreError } from '../../core/errors';
import { parseLayoutC } from '../../core/layouts/c-parser';
import { fingerprint } from '../../core/layouts/fingerprint';
import { layoutFromJson } from '../../core/layouts/from-json';
import type { Layout } from '../../core/layouts/layout';
import { CliError, fileError } from '../cli-error';
import type { NamedLayout } from './named-layout';

export interface FileLayoutOptions {
  revision?: string; // overrides #define VMCS12_REVISION (C) or "revision" (JSON)
}

export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

// A header or source file holding struct vmcs12 (parsed as the service parses a C
// registration), or a JSON layout as POST /layouts takes it.
export function readLayoutFile(path: string, opts: FileLayoutOptions = {}): NamedLayout {
  const text = readText(path);
  try {
    const layout = path.endsWith('.json') ? fromJsonText(path, text, opts) : parseLayoutC(text, opts).layout;
    return { name: path, layout, fingerprint: fingerprint(layout), origin: { kind: 'file', path } };
  } catch (e) {
    if (e instanceof CoreError) {
      throw fileError(path, withRevisionHint(e));
    }
    throw e;
  }
}

export function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    throw new CliError(`cannot read ${path}: ${why}`);
  }
}

function fromJsonText(path: string, text: string, opts: FileLayoutOptions): Layout {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new CliError(`${path}: not valid JSON: ${(e as Error).message}`);
  }
  const withRevision = opts.revision !== undefined && typeof doc === 'object' && doc !== null ? { ...doc, revision: opts.revision } : doc;
  return layoutFromJson(withRevision);
}

// The parser asks for a revision "or #define"; on the command line that is --revision.
function withRevisionHint(e: CoreError): CoreError {
  if (e.code === 'INVALID_INPUT' && e.details.field === 'revision' && e.message.startsWith('no revision')) {
    return new CoreError(e.code, 'no revision: #define VMCS12_REVISION in the file (check, show and register also take --revision 0x... for it)', e.details);
  }
  return e;
}
