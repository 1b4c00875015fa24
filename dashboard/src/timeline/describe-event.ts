import type { LayoutSummary, StoredEvent } from '../api/types.js';

export type EventKind = 'registered' | 'deprecated' | 'annotated' | 'alias' | 'policy' | 'other';

export interface EventSummary {
  kind: EventKind;
  label: string;
  glyph: string; // shape cue next to the colour, so kinds read without colour
  layout: string | undefined;
  revision: string | undefined;
  kernel: string | undefined;
  note: string | undefined;
  tags: string[];
}

type Data = Record<string, unknown>;

// Turns one stored event into what the timeline shows. Revision and kernel come from the
// event when it carries them, else from the layout it names.
export function describeEvent(event: StoredEvent, layoutOf: (name: string) => LayoutSummary | undefined): EventSummary {
  const data: Data = event.data ?? {};
  const name = text(data, 'name');
  const known = name === undefined ? undefined : layoutOf(name);
  const base = {
    layout: name,
    revision: text(data, 'revision') ?? known?.revision,
    kernel: known?.kernel ?? known?.provenance?.kernel ?? undefined,
    note: undefined as string | undefined,
    tags: [] as string[],
  };
  switch (event.type) {
    case 'LayoutRegistered': {
      const provenance = record(data, 'provenance');
      return {
        ...base,
        kind: 'registered',
        label: 'Registered',
        glyph: '+',
        kernel: (provenance && text(provenance, 'kernel')) ?? base.kernel,
        note: provenance && text(provenance, 'changes'),
        tags: [
          ...(data['imported'] === true ? ['catalog'] : []),
          ...(provenance?.['mainline'] === false ? ['out of tree'] : []),
          ...(typeof data['format'] === 'string' ? [data['format'] === 'c' ? 'C' : 'JSON'] : []),
          ...(typeof data['lineage'] === 'string' && data['lineage'] !== 'mainline' ? [`lineage ${data['lineage']}`] : []),
        ],
      };
    }
    case 'LayoutDeprecated':
      return { ...base, kind: 'deprecated', label: 'Deprecated', glyph: '⊘', note: text(data, 'reason') };
    case 'LayoutAnnotated':
      return {
        ...base,
        kind: 'annotated',
        label: 'Annotated',
        glyph: '✎',
        kernel: text(data, 'kernel') ?? base.kernel,
        note: [text(data, 'notes'), commitNote(text(data, 'commit'))].filter(Boolean).join(' · ') || undefined,
      };
    case 'FieldAliasDeclared':
      return { ...base, kind: 'alias', label: 'Alias', glyph: '⇄', note: `${text(data, 'from') ?? '?'} → ${text(data, 'to') ?? '?'}` };
    case 'PolicyChanged':
      return { ...base, kind: 'policy', label: 'Policy', glyph: '⚙', note: policyNote(data) };
    case 'LineagePolicyChanged': {
      const policy = record(data, 'policy');
      const note = `lineage ${text(data, 'lineage') ?? '?'}: ${policy ? policyNote(policy) : 'the global policy'}`;
      return { ...base, layout: undefined, revision: undefined, kernel: undefined, kind: 'policy', label: 'Lineage policy', glyph: '⚙', note };
    }
    case 'ReservedNameDeclared':
      // `name` is a field name here, not a layout's.
      return { ...base, layout: undefined, revision: undefined, kernel: undefined, kind: 'alias', label: 'Reserved', glyph: '▭', note: `${name ?? '?'}: ${text(data, 'reason') ?? ''}` };
    default:
      return { ...base, kind: 'other', label: event.type, glyph: '•' };
  }
}

function policyNote(data: Data): string {
  const transitive = data['transitive'] === true ? ', transitive' : '';
  return `mode ${text(data, 'mode') ?? '?'}${transitive}, same revision ${text(data, 'sameRevision') ?? '?'}`;
}

function commitNote(commit: string | undefined): string | undefined {
  return commit === undefined ? undefined : `commit ${commit.slice(0, 12)}`;
}

function text(data: Data, key: string): string | undefined {
  const value = data[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function record(data: Data, key: string): Data | undefined {
  const value = data[key];
  return typeof value === 'object' && value !== null ? (value as Data) : undefined;
}
