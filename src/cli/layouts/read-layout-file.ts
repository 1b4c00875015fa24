import { readFileSync, statSync } from 'node:fs';
import { CoreError } from '../../core/errors';
import type { FormatFile, GivenFacts } from '../../core/formats/layout-format';
import { LAYOUT_FORMATS, fileFormat } from '../../core/formats/layout-formats';
import { fingerprint } from '../../core/layouts/fingerprint';
import { parseRevision } from '../../core/layouts/revision';
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

// A file in any of LAYOUT_FORMATS (by its name, else its bytes; C by default), parsed as the
// service parses a registration in that format.
export function readLayoutFile(path: string, opts: FileLayoutOptions = {}): NamedLayout {
  const file = readLayoutBytes(path);
  try {
    const layout = LAYOUT_FORMATS[fileFormat(file)].fromFile(file, givenFacts(opts)).layout;
    return { name: path, layout, fingerprint: fingerprint(layout), origin: { kind: 'file', path } };
  } catch (e) {
    if (e instanceof CoreError) {
      throw fileError(path, withRevisionHint(e));
    }
    throw e;
  }
}

export function givenFacts(opts: FileLayoutOptions): GivenFacts {
  return opts.revision === undefined ? {} : { revision: parseRevision(opts.revision) };
}

export function readLayoutBytes(path: string): FormatFile {
  try {
    return { path, bytes: readFileSync(path) };
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    throw new CliError(`cannot read ${path}: ${why}`, 'file', { location: { file: path } });
  }
}

// The parser asks for a revision "or #define"; on the command line that is --revision.
function withRevisionHint(e: CoreError): CoreError {
  if (e.code === 'INVALID_INPUT' && e.details.field === 'revision' && e.message.startsWith('no revision')) {
    return new CoreError(e.code, 'no revision: #define VMCS12_REVISION in the file (check, show and register also take --revision 0x... for it)', e.details);
  }
  return e;
}
