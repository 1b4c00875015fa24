import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { WebSocket } from 'ws';
import { createTestDatabase } from '../../support/test-database';
import type { TestDatabase } from '../../support/test-database';
import { startService } from '../hardening/support/service-process';
import type { ServiceProcess } from '../hardening/support/service-process';
import { fdsInUse, rssMb, sample, summarise } from './support/figures';
import type { AttackFigures, ProcessState } from './support/figures';

// Issue 12's attacks, each reproduced against the built service (node dist/src/main.js) over
// loopback with its default limits, bounded in count and time. Each asserts what the service
// answered and bounds with wide margins (a busy CI machine must not fail them by chance); the
// figures (RSS, descriptors, /health/live latency while the attack ran, events appended) are
// printed for docs/operations.md.
jest.setTimeout(180_000);

const BIG_LAYOUTS = 6;
// About 900 KB of C text each (a comment pads it), so that the log holds several megabytes.
function bigSource(i: number): string {
  const pad = `/* ${'x'.repeat(900_000)} */\n`;
  return `${pad}struct __packed vmcs12 {\n u32 revision_id;\n u32 abort;\n u64 io_bitmap_a;\n};\n#define VMCS12_REVISION 0x0a77a${i.toString(16).padStart(3, '0')}\n`;
}

async function events(url: string): Promise<number> {
  const res = await fetch(`${url}/events/verify`);
  return ((await res.json()) as { events: number }).events;
}

function rawHttp(port: number, request: string): Promise<{ socket: Socket; head: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    socket.once('data', (chunk: Buffer) => {
      socket.pause(); // from now on this client reads nothing
      resolve({ socket, head: chunk.toString('latin1').split('\r\n')[0] ?? '' });
    });
    socket.on('error', reject);
  });
}

function post(url: string, path: string, body: unknown): Promise<Response> {
  return fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

describe('attacks on the built service', () => {
  let db: TestDatabase;
  let svc: ServiceProcess;
  let pid: number;
  const figures: AttackFigures[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('vmcs12_attack');
    svc = await startService(db.url);
    pid = svc.child.pid as number;
    for (let i = 0; i < BIG_LAYOUTS; i += 1) {
      const res = await post(svc.url, '/layouts', { name: `big-${i}`, format: 'c', source: bigSource(i) });
      expect(res.status).toBe(201);
    }
  });
  afterAll(async () => {
    console.log(`attack figures:\n${figures.map((f) => JSON.stringify(f)).join('\n')}`);
    await svc?.stop();
    await db?.drop();
  });

  async function state(): Promise<ProcessState> {
    return { rss: rssMb(pid), fds: fdsInUse(pid), events: await events(svc.url) };
  }

  // Runs the attack while /health/live is sampled, then checks the common bounds.
  async function underAttack(attack: string, run: () => Promise<void>, bounds: { rssGrowthMb: number } = { rssGrowthMb: 300 }): Promise<AttackFigures> {
    const before = await state();
    const stop = sample(svc.url, pid);
    let samples;
    try {
      await run();
    } finally {
      samples = await stop();
    }
    const after = await state();
    const f = summarise(attack, before, samples, after);
    figures.push(f);
    expect(f.eventsAppended).toBe(0);
    expect(f.liveMaxMs).toBeLessThan(5000); // goal p99 < 100 ms; the bound leaves room for a loaded CI box
    expect(f.liveP99Ms).toBeLessThan(2000);
    expect(f.rssPeakMb - f.rssBeforeMb).toBeLessThan(bounds.rssGrowthMb);
    return f;
  }

  it('matrix(names) with 10,000 duplicate names, 10 at once: refused at once; 256 duplicates answer one name', async () => {
    const names = Array.from({ length: 10_000 }, () => 'linux-v4.14');
    await underAttack('graphql matrix, 10000 duplicate names x10 (variables) + x10 (literal)', async () => {
      const query = 'query ($n: [String!]) { matrix(names: $n) { layouts verdicts } }';
      const inVariables = Array.from({ length: 10 }, () => post(svc.url, '/graphql', { query, variables: { n: names } }).then((r) => r.json()));
      const literal = Array.from({ length: 10 }, () => post(svc.url, '/graphql', { query: `{ matrix(names: ${JSON.stringify(names)}) { layouts verdicts } }` }).then((r) => r.json()));
      const codes = ((await Promise.all([...inVariables, ...literal])) as { errors: { extensions: { code: string } }[] }[]).map((a) => a.errors[0]?.extensions.code);
      expect(codes).toEqual([...Array(10).fill('BAD_USER_INPUT'), ...Array(10).fill('QUERY_TOO_LARGE')]);
    });
    const few = JSON.stringify(Array.from({ length: 256 }, () => 'linux-v4.14'));
    const ok = (await (await post(svc.url, '/graphql', { query: `{ matrix(names: ${few}) { layouts verdicts } }` })).json()) as { data: { matrix: { layouts: string[]; verdicts: string[][] } } };
    expect(ok.data.matrix).toEqual({ layouts: ['linux-v4.14'], verdicts: [['identical']] });
  });

  it('100,000 aliased __typename (1.4 MB), 20 at once: 413 before parsing; 3,500 in 60 KB: too many fields', async () => {
    const huge = `{ ${Array.from({ length: 100_000 }, (_, i) => `a${i}:__typename`).join(' ')} }`;
    await underAttack('graphql 100k aliases x20', async () => {
      const answers = await Promise.all(Array.from({ length: 20 }, () => post(svc.url, '/graphql', { query: huge })));
      expect(answers.map((r) => r.status)).toEqual(Array(20).fill(413));
      const body = (await answers[0]!.json()) as { errors: { extensions: { code: string } }[] };
      expect(body.errors[0]?.extensions.code).toBe('QUERY_TOO_LARGE');
    });
    const many = `{ ${Array.from({ length: 3500 }, (_, i) => `a${i}:__typename`).join(' ')} }`;
    expect(Buffer.byteLength(many)).toBeLessThan(64 * 1024);
    const res = (await (await post(svc.url, '/graphql', { query: many })).json()) as { errors: { extensions: { code: string } }[] };
    expect(res.errors[0]?.extensions.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('GET /events?limit=1000, 50 at once: every page at most 1 MiB plus one event, with a Link to the rest', async () => {
    await underAttack('GET /events?limit=1000 x50', async () => {
      const pages = await Promise.all(
        Array.from({ length: 50 }, async () => {
          const res = await fetch(`${svc.url}/events?limit=1000`);
          return { link: res.headers.get('link'), bytes: (await res.arrayBuffer()).byteLength };
        }),
      );
      for (const page of pages) {
        expect(page.bytes).toBeLessThan(1024 * 1024 + 1_000_000);
        expect(page.link).toMatch(/^<\/events\?after=\d+&limit=1000>; rel="next"$/);
      }
    });
    // Following the links reads the whole log, each event once.
    let next: string | null = '/events?limit=1000';
    const positions: number[] = [];
    while (next) {
      const res: Response = await fetch(`${svc.url}${next}`);
      positions.push(...((await res.json()) as { position: number }[]).map((e) => e.position));
      next = /^<([^>]+)>/.exec(res.headers.get('link') ?? '')?.[1] ?? null;
    }
    expect(positions).toEqual(Array.from({ length: await events(svc.url) }, (_, i) => i + 1));
  });

  it('100 SSE clients from one address that never read, from after=0: 16 streams, the rest 429, memory bounded', async () => {
    const sockets: Socket[] = [];
    const heads: string[] = [];
    await underAttack('SSE x100 non-reading clients', async () => {
      for (let i = 0; i < 100; i += 1) {
        const { socket, head } = await rawHttp(Number(new URL(svc.url).port), 'GET /events/stream?after=0 HTTP/1.1\r\nHost: x\r\n\r\n');
        sockets.push(socket);
        heads.push(head);
      }
      await new Promise((r) => setTimeout(r, 2000)); // the 16 streams push what their sockets take
    });
    expect(heads.filter((h) => h === 'HTTP/1.1 200 OK')).toHaveLength(16);
    expect(heads.filter((h) => h.startsWith('HTTP/1.1 429'))).toHaveLength(84);
    sockets.forEach((s) => s.destroy());
  });

  it('300 WebSockets from one address that never send connection_init: 16 upgraded and closed at the init timeout, the rest 429', async () => {
    const outcomes: Promise<string>[] = [];
    await underAttack('graphql-ws x300 idle sockets', async () => {
      for (let i = 0; i < 300; i += 1) {
        outcomes.push(
          new Promise((resolve) => {
            const ws = new WebSocket(`${svc.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
            ws.on('unexpected-response', (_req, res) => {
              resolve(`http ${res.statusCode}`);
              ws.terminate();
            });
            ws.on('close', (code) => resolve(`close ${code}`));
            ws.on('error', () => undefined);
          }),
        );
      }
      await new Promise((r) => setTimeout(r, 1000));
    });
    const all = await Promise.all(outcomes); // the init timeout is 10 s
    expect(all.filter((o) => o === 'http 429')).toHaveLength(284);
    expect(all.filter((o) => o === 'close 4408')).toHaveLength(16);
    const fdsAfter = fdsInUse(pid);
    expect(fdsAfter).toBeLessThan(figures.at(-1)!.fdsBefore + 10);
  });
});
