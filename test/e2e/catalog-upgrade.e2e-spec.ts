import request from 'supertest';
import { catalogHistory } from '../../src/core/catalog/catalog-history';
import { handleCommand } from '../../src/core/events/command-handler';
import type { LineageView } from '../../src/contract/views';
import { openStore } from '../support/prisma-store';
import { createTestDatabase } from '../support/test-database';
import type { TestDatabase } from '../support/test-database';
import { startTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';

// A registry that imported an older catalog, one without linux-v5.13, is upgraded: at start the
// service imports the catalog's new layout. The log can only append it after
// linux-tsc-multiplier, which the older catalog already brought; yet mainline's history, and so
// its head (what the next mainline layout is judged against), must be what a fresh registry
// has. The older catalog is written as the service wrote it: the same commands and keys.
const LATER = 'linux-v5.13';

describe('a registry upgraded to a catalog with a layout inside a lineage', () => {
  let older: TestDatabase;
  let upgraded: TestApp;
  let fresh: TestApp;

  beforeAll(async () => {
    older = await createTestDatabase('vmcs12_upgrade');
    const { store, close } = openStore(older.url);
    for (const { command, metadata } of catalogHistory()) {
      if (command.type === 'RegisterLayout' && command.data.name === LATER) {
        continue;
      }
      await handleCommand(store, command, { gate: () => ({ ok: true }), metadata });
    }
    await close();
    upgraded = await startTestApp({ database: older });
    fresh = await startTestApp();
  });
  afterAll(async () => {
    await upgraded?.close();
    await fresh?.close();
    await older?.drop();
  });

  it('appends the new layout to the log, last', async () => {
    const layouts = (await request(upgraded.http).get('/layouts').expect(200)).body as { name: string }[];
    expect(layouts.at(-1)?.name).toBe(LATER);
  });

  it('keeps every lineage, its layouts and its head as a fresh registry has them', async () => {
    // Positions differ (the upgraded log holds the new layout later); everything else may not.
    const lineages = async (app: TestApp): Promise<Omit<LineageView, 'position'>[]> =>
      ((await request(app.http).get('/lineages').expect(200)).body as LineageView[]).map(({ position: _position, ...rest }) => rest);
    const mainline = (await request(upgraded.http).get('/lineages/mainline').expect(200)).body as LineageView;
    expect(mainline.latest).toBe('linux-tsc-multiplier');
    expect(mainline.layouts.slice(-3)).toEqual(['uek-dead-space', LATER, 'linux-tsc-multiplier']);
    expect(await lineages(upgraded)).toEqual(await lineages(fresh));
  });

  it('judges the next mainline layout against the head a fresh registry has', async () => {
    // Fields kept by neither: the gate refuses it and names the head it compared with.
    const source = '#define VMCS12_REVISION 0x11e57ed0\nstruct __packed vmcs12 { u32 revision_id; u32 abort; u64 io_bitmap_a; };\n';
    const refusal = async (app: TestApp): Promise<unknown> =>
      (await request(app.http).post('/layouts').send({ name: 'next-mainline', format: 'c', source }).expect(409)).body.references;
    expect(await refusal(upgraded)).toEqual([{ name: 'linux-tsc-multiplier', lineage: 'mainline' }]);
    expect(await refusal(upgraded)).toEqual(await refusal(fresh));
  });
});
