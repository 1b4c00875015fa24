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

// Turns one stored event into what the timeline shows. Revision and kernel come from the
// event when it carries them, else from the layout it names.
export function describeEvent(event: StoredEvent, findLayoutSummary: (name: string) => LayoutSummary | undefined): EventSummary {
  const name = 'name' in event.data ? nonEmpty(event.data.name) : undefined;
  const known = name === undefined ? undefined : findLayoutSummary(name);
  const base = {
    layout: name,
    revision: ('revision' in event.data ? nonEmpty(event.data.revision) : undefined) ?? known?.revision,
    kernel: known?.kernel ?? known?.provenance?.kernel ?? undefined,
    note: undefined as string | undefined,
    tags: [] as string[],
  };
  const none = { layout: undefined, revision: undefined, kernel: undefined };
  switch (event.type) {
    case 'LayoutRegistered': {
      const { provenance, imported, format, lineage } = event.data;
      return {
        ...base,
        kind: 'registered',
        label: 'Registered',
        glyph: '+',
        kernel: nonEmpty(provenance?.kernel) ?? base.kernel,
        note: nonEmpty(provenance?.changes),
        tags: [
          ...(imported === true ? ['catalog'] : []),
          ...(provenance?.mainline === false ? ['out of tree'] : []),
          // events recorded before a member existed may lack it
          ...(typeof format === 'string' ? [format === 'c' ? 'C' : format.toUpperCase()] : []),
          ...(lineage !== undefined && lineage !== '' && lineage !== 'mainline' ? [`lineage ${lineage}`] : []),
        ],
      };
    }
    case 'LayoutDeprecated':
      return { ...base, kind: 'deprecated', label: 'Deprecated', glyph: '⊘', note: nonEmpty(event.data.reason) };
    case 'LayoutAnnotated':
      return {
        ...base,
        kind: 'annotated',
        label: 'Annotated',
        glyph: '✎',
        kernel: nonEmpty(event.data.kernel) ?? base.kernel,
        note: [nonEmpty(event.data.notes), commitNote(nonEmpty(event.data.commit))].filter(Boolean).join(' · ') || undefined,
      };
    case 'FieldAliasDeclared':
      return { ...base, kind: 'alias', label: 'Alias', glyph: '⇄', note: `${nonEmpty(event.data.from) ?? '?'} → ${nonEmpty(event.data.to) ?? '?'}` };
    case 'PolicyChanged':
      return { ...base, kind: 'policy', label: 'Policy', glyph: '⚙', note: policyNote(event.data) };
    case 'LineagePolicyChanged': {
      const { lineage, policy } = event.data;
      const note = `lineage ${nonEmpty(lineage) ?? '?'}: ${policy ? policyNote(policy) : 'the global policy'}`;
      return { ...base, ...none, kind: 'policy', label: 'Lineage policy', glyph: '⚙', note };
    }
    case 'ReservedNameDeclared':
      // `name` is a field name here, not a layout's.
      return { ...base, ...none, kind: 'alias', label: 'Reserved', glyph: '▭', note: `${name ?? '?'}: ${event.data.reason}` };
    default:
      // a type this page does not know yet (a newer service): shown by its name
      return { ...base, kind: 'other', label: (event as { type: string }).type, glyph: '•' };
  }
}

function policyNote(policy: { mode: string; transitive: boolean; sameRevision: string }): string {
  return `mode ${policy.mode}${policy.transitive ? ', transitive' : ''}, same revision ${policy.sameRevision}`;
}

function commitNote(commit: string | undefined): string | undefined {
  return commit === undefined ? undefined : `commit ${commit.slice(0, 12)}`;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === '' ? undefined : value;
}
