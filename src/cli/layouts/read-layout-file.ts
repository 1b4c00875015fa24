import { readFileSync, statSync } from 'node:fs';
import { release } from 'node:os';
import { resolve } from 'node:path';
import { CoreError } from '../../core/errors';
import type { FormatFile, GivenFacts } from '../../core/formats/layout-format';
import { LAYOUT_FORMATS, fileFormat } from '../../core/formats/layout-formats';
import { fingerprint } from '../../core/layouts/fingerprint';
import { parseRevision } from '../../core/layouts/revision';
import { CliError, fileError } from '../cli-error';
import type { NamedLayout } from './named-layout';

export interface FileLayoutOptions {
  revision?: string; // overrides #define VMCS12_REVISION (C) or "revision" (JSON)
  btfBase?: string; // --btf-base: the BTF a module's BTF is split over
}

// A running kernel's BTF: vmlinux, and one file per loaded module split over it.
export const SYSFS_BTF_DIR = '/sys/kernel/btf/';

// The kernel a file under /sys/kernel/btf describes: the one running (raw BTF names none).
export function runningKernelOf(path: string, sysfs = SYSFS_BTF_DIR): string | undefined {
  return resolve(path).startsWith(sysfs) ? release() : undefined;
}

// The base of a BTF file: --btf-base, else the running kernel's vmlinux for a module's BTF
// read from /sys/kernel/btf (a .ko file names no base: it may be any kernel's).
export function btfBasePath(path: string, explicit: string | undefined, sysfs = SYSFS_BTF_DIR): string | undefined {
  if (explicit !== undefined) {
    return explicit;
  }
  const abs = resolve(path);
  return abs.startsWith(sysfs) && abs !== `${sysfs}vmlinux` ? `${sysfs}vmlinux` : undefined;
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
  const file = readLayoutBytes(path, opts.btfBase);
  try {
    const parsed = LAYOUT_FORMATS[fileFormat(file)].fromFile(file, givenFacts(opts));
    const layout = parsed.layout;
    return { name: path, layout, fingerprint: fingerprint(layout), origin: { kind: 'file', path }, ...(parsed.notes ? { notes: parsed.notes } : {}) };
  } catch (e) {
    if (e instanceof CoreError) {
      // a BTF error may be in the base rather than the module: name the file it is in
      throw fileError(e.details.input === 'base' && file.base ? file.base.path : path, withRevisionHint(e));
    }
    throw e;
  }
}

export function givenFacts(opts: FileLayoutOptions): GivenFacts {
  return opts.revision === undefined ? {} : { revision: parseRevision(opts.revision) };
}

// The file, and for BTF the base it is split over (btfBasePath).
export function readLayoutBytes(path: string, btfBase?: string): FormatFile {
  const file = { path, bytes: readBytes(path) };
  const basePath = fileFormat(file) === 'btf' ? btfBasePath(path, btfBase) : undefined;
  return basePath === undefined ? file : { ...file, base: { path: basePath, bytes: readBytes(basePath) } };
}

function readBytes(path: string): Buffer {
  try {
    return readFileSync(path);
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
