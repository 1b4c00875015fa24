import { Client } from 'pg';
import { parseRegisterRequest } from '../../../src/core/registry/register-request';
import { toRegisteredData } from '../../../src/core/registry/registration-data';
import { layoutToC } from '../../../src/core/layouts/to-c';
import { createPrismaClient } from '../../../src/infra/database/prisma-client';
import { rebuildProjections } from '../../../src/infra/projections/rebuild-projections';
import { packLayout, prng } from '../../support/layout-factory';
import type { FieldSpec } from '../../support/layout-factory';
import { dumpReadModels } from '../../support/read-model-dump';
import { createTestDatabase } from '../../support/test-database';
import type { TestDatabase } from '../../support/test-database';
import { startService } from './support/service-process';
import type { ServiceProcess } from './support/service-process';

jest.setTimeout(180_000);

const BURST = 160;
const CONCURRENCY = 24;
const KILL_AFTER_ACKS = 25;

interface Registration {
  name: string;
  body: Record<string, unknown>;
  fingerprint: string;
  fields: number;
}

// Distinct valid layouts with distinct revision ids, half as C text and half as JSON: the
// default policy accepts every one of them.
function registrations(): Registration[] {
  const rand = prng(20261126);
  const types = ['u16', 'u32', 'u64', 'natural_width'] as const;
  return Array.from({ length: BURST }, (_, i) => {
    const specs: FieldSpec[] = Array.from({ length: 5 + Math.floor(rand() * 60) }, (_, f) => ({
      name: `f${f}`,
      type: types[Math.floor(rand() * types.length)] ?? 'u32',
      count: rand() < 0.1 ? 2 : 1,
    }));
    const layout = { ...packLayout(specs, 0x00c00000 + i), size: 4096 };
    const name = `crash-${i}`;
    const revision = `0x${layout.revision.toString(16).padStart(8, '0')}`;
    const body =
      i % 2 === 0
        ? { name, format: 'c', source: layoutToC(layout), revision }
        : { name, format: 'json', revision, size: layout.size, fields: layout.fields.map(({ name: n, type, count, offset }) => ({ name: n, type, count, offset })) };
    const data = toRegisteredData(parseRegisterRequest(body));
    return { name, body, fingerprint: data.fingerprint, fields: data.fields.length };
  });
}

// Fires every registration, CONCURRENCY at a time, and SIGKILLs the service when the
// KILL_AFTER_ACKS-th acknowledgement arrives, with the rest in flight or not yet sent.
async function burstAndKill(service: ServiceProcess, regs: Registration[]): Promise<Set<string>> {
  const acked = new Set<string>();
  let next = 0;
  let killed = false;
  const worker = async (): Promise<void> => {
    while (!killed && next < regs.length) {
      const r = regs[next++] as Registration;
      const res = await fetch(`${service.url}/layouts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(r.body) }).catch(() => undefined);
      if (res && res.status >= 200 && res.status < 300) {
        acked.add(r.name);
        if (acked.size === KILL_AFTER_ACKS && !killed) {
          killed = true;
          service.child.kill('SIGKILL');
        }
      } else if (res && !killed) {
        throw new Error(`registration ${r.name} refused before the kill: ${res.status} ${await res.text()}`);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  await service.exited;
  return acked;
}

describe('SIGKILL in the middle of a burst of registrations', () => {
  let db: TestDatabase;
  let sql: Client;
  let service: ServiceProcess | undefined;
  const regs = registrations();
  let acked = new Set<string>();

  beforeAll(async () => {
    db = await createTestDatabase('vmcs12_crash');
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    const first = await startService(db.url);
    acked = await burstAndKill(first, regs);
    expect(first.child.signalCode).toBe('SIGKILL');
    service = await startService(db.url);
  });
  afterAll(async () => {
    await service?.stop('SIGKILL');
    await sql?.end();
    await db?.drop();
  });

  it('acknowledged some registrations and not all of them', () => {
    expect(acked.size).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    expect(acked.size).toBeLessThan(BURST);
  });

  it('serves every acknowledged registration after the restart, with its content', async () => {
    for (const name of acked) {
      const r = regs.find((x) => x.name === name) as Registration;
      const res = await fetch(`${service?.url}/layouts/${name}`);
      expect({ name, status: res.status }).toEqual({ name, status: 200 });
      const body = (await res.json()) as { fingerprint: string; fields: unknown[] };
      expect({ name, fingerprint: body.fingerprint, fields: body.fields.length }).toEqual({ name, fingerprint: r.fingerprint, fields: r.fields });
    }
  });

  it('has no half-written registration: every layout row has its event and all its fields, every event its row', async () => {
    const rows = await sql.query<{ name: string; fingerprint: string; fields: string; event_name: string | null; event_fields: number | null }>(`
      SELECT l.name, l.fingerprint, (SELECT count(*) FROM layout_fields f WHERE f.layout_name = l.name) AS fields,
             e.data->>'name' AS event_name, jsonb_array_length(e.data->'fields') AS event_fields
        FROM layouts l LEFT JOIN events e ON e.position = l.position AND e.type = 'LayoutRegistered'`);
    const present = rows.rows.filter((r) => r.name.startsWith('crash-'));
    console.log(`crash-recovery: ${acked.size} of ${BURST} acknowledged before SIGKILL, ${present.length} registered after the restart`);
    expect(present.length).toBeGreaterThanOrEqual(acked.size);
    for (const row of rows.rows) {
      expect({ name: row.name, event: row.event_name, fields: Number(row.fields) }).toEqual({ name: row.name, event: row.name, fields: row.event_fields });
    }
    for (const row of present) {
      const r = regs.find((x) => x.name === row.name) as Registration;
      expect({ name: row.name, fingerprint: row.fingerprint, fields: Number(row.fields) }).toEqual({ name: r.name, fingerprint: r.fingerprint, fields: r.fields });
    }
    const orphans = await sql.query(`
      SELECT e.position FROM events e LEFT JOIN layouts l ON l.name = e.data->>'name'
       WHERE e.type = 'LayoutRegistered' AND l.name IS NULL`);
    expect(orphans.rows).toEqual([]);
  });

  it('keeps the log gapless with a hash chain that verifies, and the checkpoint at its head', async () => {
    const v = (await (await fetch(`${service?.url}/events/verify`)).json()) as { ok: boolean; events: number };
    expect(v.ok).toBe(true);
    const positions = await sql.query<{ n: string; max: string; checkpoint: string }>(
      'SELECT count(*) AS n, max(position) AS max, (SELECT position FROM projection_checkpoints) AS checkpoint FROM events',
    );
    expect(positions.rows[0]).toEqual({ n: String(v.events), max: String(v.events), checkpoint: String(v.events) });
  });

  it('has read models equal to a rebuild from the log', async () => {
    const live = await dumpReadModels(sql);
    const prisma = createPrismaClient(db.url, { maxConnections: 2 });
    try {
      await rebuildProjections(prisma);
    } finally {
      await prisma.$disconnect();
    }
    expect(await dumpReadModels(sql)).toEqual(live);
  });

  it('takes the registrations the crash interrupted, once each', async () => {
    for (const r of regs.filter((x) => !acked.has(x.name)).slice(0, 10)) {
      const res = await fetch(`${service?.url}/layouts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(r.body) });
      expect([200, 201]).toContain(res.status);
    }
    const v = (await (await fetch(`${service?.url}/events/verify`)).json()) as { ok: boolean };
    expect(v.ok).toBe(true);
  });

  it('stops cleanly on SIGTERM: in-flight work done, exit code 0', async () => {
    const pending = fetch(`${service?.url}/layouts`);
    await service?.stop('SIGTERM');
    expect((await pending).status).toBe(200);
    expect(await service?.exited).toBe(0);
  });
});
