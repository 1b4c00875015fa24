import type { Layout } from '../../core/layouts/layout';
import type { CliIo } from '../cli-io';

// Where a layout came from: a local file (line numbers refer to it), the built-in catalog,
// or a running service.
export type LayoutOrigin = { kind: 'file'; path: string } | { kind: 'catalog' } | { kind: 'server'; url: string };

// A layout with the fingerprint it is known by; fits the core's PlanSide as it is.
export interface NamedLayout {
  name: string;
  layout: Layout;
  fingerprint: string;
  origin: LayoutOrigin;
  notes?: string[]; // what reading it had to assume (BTF: the revision)
}

export function describeOrigin(l: NamedLayout): string {
  switch (l.origin.kind) {
    case 'file':
      return `file ${l.origin.path}`;
    case 'catalog':
      return `catalog layout ${l.name}`;
    case 'server':
      return `layout ${l.name} on ${l.origin.url}`;
  }
}

// The file a source line of this layout refers to, when it is one the user has.
export function sourceFile(l: NamedLayout): string | undefined {
  return l.origin.kind === 'file' ? l.origin.path : undefined;
}

// On stderr, so that --format json stays one document on stdout.
export function printNotes(io: CliIo, l: NamedLayout): void {
  for (const note of l.notes ?? []) {
    io.err(`${sourceFile(l) ?? l.name}: note: ${note}\n`);
  }
}
