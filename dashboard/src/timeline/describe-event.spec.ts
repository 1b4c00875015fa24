import type { LayoutSummary, StoredEvent } from '../api/types';
import { describeEvent } from './describe-event';

// Events as the service sends them, including types this page does not know.
const event = (type: string, data: Record<string, unknown>): StoredEvent => ({
  position: 7,
  stream: 'layout-x',
  version: 1,
  type,
  data,
  recordedAt: '2024-01-01T00:00:00Z',
  metadata: {},
  hash: '00',
}) as unknown as StoredEvent;

const known: LayoutSummary = {
  name: 'linux-v4.4',
  revision: '0x11e57ed0',
  size: 4096,
  fingerprint: 'sha256:00',
  kernel: '4.4.x',
  deprecated: false,
  registeredAt: '2024-01-01T00:00:00Z',
  position: 4,
  format: 'json',
  provenance: null,
  annotations: {},
  imported: true,
  deprecationReason: null,
  lineage: 'mainline',
};
const findLayoutSummary = (name: string) => (name === known.name ? known : undefined);

describe('describeEvent', () => {
  it('shows a registration with the revision, kernel and changes it carries', () => {
    const s = describeEvent(
      event('LayoutRegistered', { name: 'linux-v3.1', revision: '0x11e57ed0', format: 'json', imported: true, provenance: { kernel: '3.1.x', changes: 'initial layout', mainline: true } }),
      findLayoutSummary,
    );
    expect(s).toMatchObject({ kind: 'registered', layout: 'linux-v3.1', revision: '0x11e57ed0', kernel: '3.1.x', note: 'initial layout', tags: ['catalog', 'JSON'] });
  });

  it('takes the revision and kernel of a deprecated layout from the catalog', () => {
    const s = describeEvent(event('LayoutDeprecated', { name: 'linux-v4.4', reason: 'superseded' }), findLayoutSummary);
    expect(s).toMatchObject({ kind: 'deprecated', revision: '0x11e57ed0', kernel: '4.4.x', note: 'superseded' });
  });

  it('prefers an annotation’s kernel and joins its notes and commit', () => {
    const s = describeEvent(event('LayoutAnnotated', { name: 'linux-v4.4', kernel: '4.4.302', commit: '0123456789abcdef', notes: 'checked' }), findLayoutSummary);
    expect(s).toMatchObject({ kind: 'annotated', kernel: '4.4.302', note: 'checked · commit 0123456789ab' });
  });

  it('describes aliases, policy changes and unknown types without a layout', () => {
    expect(describeEvent(event('FieldAliasDeclared', { from: 'cr3_target_value0', to: 'dead_space' }), findLayoutSummary)).toMatchObject({ kind: 'alias', layout: undefined, note: 'cr3_target_value0 → dead_space' });
    expect(describeEvent(event('PolicyChanged', { mode: 'full', transitive: true, sameRevision: 'any' }), findLayoutSummary).note).toBe('mode full, transitive, same revision any');
    expect(describeEvent(event('SomethingNew', {}), findLayoutSummary)).toMatchObject({ kind: 'other', label: 'SomethingNew' });
  });
});

describe('describeEvent for lineages and reserved names', () => {
  it('names a reserved field without taking it for a layout', () => {
    const s = describeEvent(event('ReservedNameDeclared', { name: 'linux-v4.4', reason: 'kept, unused' }), findLayoutSummary);
    expect(s).toMatchObject({ label: 'Reserved', layout: undefined, revision: undefined, note: 'linux-v4.4: kept, unused' });
  });

  it('says which lineage a policy override is for, and when it returns to the global policy', () => {
    const set = describeEvent(event('LineagePolicyChanged', { lineage: 'vendor', policy: { mode: 'backward', transitive: true, sameRevision: 'in-place' } }), findLayoutSummary);
    expect(set).toMatchObject({ kind: 'policy', label: 'Lineage policy', note: 'lineage vendor: mode backward, transitive, same revision in-place' });
    expect(describeEvent(event('LineagePolicyChanged', { lineage: 'vendor', policy: null }), findLayoutSummary).note).toBe('lineage vendor: the global policy');
  });

  it('tags a registration outside mainline with its lineage', () => {
    expect(describeEvent(event('LayoutRegistered', { name: 'x', lineage: 'vendor' }), findLayoutSummary).tags).toContain('lineage vendor');
    expect(describeEvent(event('LayoutRegistered', { name: 'x', lineage: 'mainline' }), findLayoutSummary).tags).not.toContain('lineage mainline');
  });
});
