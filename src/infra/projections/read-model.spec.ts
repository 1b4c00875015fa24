import type { StoredEvent } from '../../core/events/events';
import { emptyReadModel, projectEvent } from './read-model';

let position = 0;
function stored(event: Pick<StoredEvent, 'type' | 'data'>, stream = 's'): StoredEvent {
  position += 1;
  return { ...event, position, stream, version: position, metadata: {}, recordedAt: '2026-11-26T00:00:00.000Z', hash: 'h' } as StoredEvent;
}

const registered = (name: string) =>
  stored({
    type: 'LayoutRegistered',
    data: {
      name,
      revision: '0x00000001',
      size: 4096,
      fingerprint: 'sha256:1',
      format: 'json',
      source: '{}',
      fields: [{ name: 'hdr', type: 'u32', count: 1, offset: 0, size: 4, role: 'header', bitfields: [{ name: 'revision_id', bits: 31 }] }],
    },
  } as Pick<StoredEvent, 'type' | 'data'>);

describe('projectEvent', () => {
  beforeEach(() => {
    position = 0;
  });

  it('creates a layout row and its field rows, with SQL NULL for absent optional columns', () => {
    const model = emptyReadModel();
    expect(projectEvent(model, registered('a'))).toEqual({ kind: 'layout-created', name: 'a' });
    expect(model.layouts.get('a')).toMatchObject({ position: 1, provenance: null, imported: false, deprecated: false, annotations: {}, updatedPosition: 1 });
    expect(model.fields.get('a')).toEqual([
      { layoutName: 'a', ordinal: 0, name: 'hdr', type: 'u32', count: 1, offset: 0, size: 4, role: 'header', bitfields: [{ name: 'revision_id', bits: 31 }], line: null, column: null },
    ]);
  });

  it('updates deprecation and merged annotations, stamping the position', () => {
    const model = emptyReadModel();
    projectEvent(model, registered('a'));
    projectEvent(model, stored({ type: 'LayoutAnnotated', data: { name: 'a', kernel: '5.0', notes: 'n' } }));
    expect(projectEvent(model, stored({ type: 'LayoutAnnotated', data: { name: 'a', notes: 'm' } }))).toEqual({ kind: 'layout-updated', name: 'a' });
    projectEvent(model, stored({ type: 'LayoutDeprecated', data: { name: 'a', reason: 'r' } }));
    expect(model.layouts.get('a')).toMatchObject({ annotations: { kernel: '5.0', notes: 'm' }, deprecated: true, deprecationReason: 'r', updatedPosition: 4 });
    expect(model.position).toBe(4);
  });

  it('changes nothing for a layout outside the working set, like an UPDATE matching no row', () => {
    const model = emptyReadModel();
    expect(projectEvent(model, stored({ type: 'LayoutDeprecated', data: { name: 'zz', reason: 'r' } }))).toEqual({ kind: 'none' });
    expect(model.layouts.size).toBe(0);
    expect(model.position).toBe(1);
  });

  it('refuses a second registration of a name, like the primary key', () => {
    const model = emptyReadModel();
    projectEvent(model, registered('a'));
    expect(() => projectEvent(model, registered('a'))).toThrow('read model: layout a is already registered (position 2)');
  });

  it('keeps the latest alias per old name and the latest policy', () => {
    const model = emptyReadModel();
    projectEvent(model, stored({ type: 'FieldAliasDeclared', data: { from: 'a', to: 'b' } }));
    projectEvent(model, stored({ type: 'PolicyChanged', data: { mode: 'full', transitive: true, sameRevision: 'any' } }));
    expect([...model.aliases.values()]).toEqual([{ from: 'a', to: 'b', position: 1 }]);
    expect(model.policy).toEqual({ mode: 'full', transitive: true, sameRevision: 'any', position: 2 });
  });
});
