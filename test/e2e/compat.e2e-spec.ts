import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { readAllEvents } from '../support/read-events';
import { startTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';
import { CATALOG_SIZE } from '../support/catalog-size';

const REV = 0x11e57ed0;

function blob(revision: number, writes: [offset: number, value: bigint][] = []): Buffer {
  const b = Buffer.alloc(4096);
  b.writeUInt32LE(revision >>> 0, 0);
  for (const [offset, value] of writes) {
    b.writeBigUInt64LE(value, offset);
  }
  return b;
}

describe('compatibility, plans and conversion over REST', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('serves the matrix with one verdict per pair of the catalog, conflicts marked', async () => {
    const res = await request(t.http).get('/compat').expect(200);
    const { layouts, verdicts, conflicts } = res.body as { layouts: string[]; verdicts: string[][]; conflicts: boolean[][] };
    expect(layouts).toHaveLength(CATALOG_SIZE);
    expect(verdicts).toHaveLength(CATALOG_SIZE);
    verdicts.forEach((row, i) => {
      expect(row).toHaveLength(CATALOG_SIZE);
      expect(row[i]).toBe('identical');
    });
    const v414 = layouts.indexOf('linux-v4.14');
    const v417 = layouts.indexOf('linux-v4.17-pinned');
    expect(verdicts[v414]?.[v417]).toBe('compatible');
    expect(conflicts[v414]?.[v417]).toBe(true);
    expect(conflicts[layouts.indexOf('linux-v4.4')]?.[layouts.indexOf('rfc-2017-evmcs-reorder')]).toBe(false);
  });

  it('restricts the matrix to named layouts, in the order given', async () => {
    const res = await request(t.http).get('/compat?layouts=linux-v4.17-pinned,linux-v4.4').expect(200);
    expect(res.body).toEqual({
      layouts: ['linux-v4.17-pinned', 'linux-v4.4'],
      verdicts: [
        ['identical', 'lossy'],
        ['compatible', 'identical'],
      ],
      conflicts: [
        [false, false],
        [false, false],
      ],
    });
    await request(t.http).get('/compat?layouts=linux-v4.4,nope').expect(404);
  });

  it('reports 4.14 → 4.17 as a revision conflict that moves 131 data fields', async () => {
    const res = await request(t.http).get('/compat/linux-v4.14/linux-v4.17-pinned').expect(200);
    expect(res.body).toMatchObject({ verdict: 'compatible', revisionConflict: true, inPlace: false });
    expect(res.body.moved).toHaveLength(131);
    expect(res.body.findings.filter((f: { rule: string }) => f.rule === 'REVISION_CONFLICT').length).toBeGreaterThan(0);
    const back = await request(t.http).get('/compat/linux-v4.17-pinned/linux-v4.14').expect(200);
    expect(back.body.verdict).toBe('lossy');
    expect(back.body.lost.map((l: { name: string }) => l.name).sort()).toEqual(['vmread_bitmap', 'vmwrite_bitmap']);
  });

  it('answers 404 for an unknown layout in a pair', async () => {
    const res = await request(t.http).get('/compat/linux-v4.14/nope').expect(404);
    expect(res.body).toMatchObject({ error: 'not_found', name: 'nope' });
  });

  it('serves a plan whose copy ops add up to bytesCopied', async () => {
    const res = await request(t.http).get('/plans/linux-v4.14/linux-v4.17-pinned').expect(200);
    const ops = res.body.ops as { op: string; length?: number }[];
    expect(ops[0]).toMatchObject({ op: 'revision', to: 0, value: REV });
    const copied = ops.filter((o) => o.op === 'copy').reduce((s, o) => s + (o.length ?? 0), 0);
    expect(copied).toBe(res.body.bytesCopied);
    expect(res.body.copyRuns).toBe(ops.filter((o) => o.op === 'copy').length);
  });

  it('converts raw bytes, names the plan and both fingerprints, and reports per-blob loss', async () => {
    const input = blob(REV | 0x8000_0000, [
      [280, 0x1234n], // vmread_bitmap in 4.17: absent from 4.4
      [40, 0xdeadbeefn], // io_bitmap_a in both
    ]);
    const res = await request(t.http)
      .post('/convert/linux-v4.17-pinned/linux-v4.4')
      .set('content-type', 'application/octet-stream')
      .send(input)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const out = res.body as Buffer;
    expect(out.length).toBe(4096);
    expect(out.readUInt32LE(0)).toBe((REV | 0x8000_0000) >>> 0); // shadow bit kept
    expect(out.readBigUInt64LE(40)).toBe(0xdeadbeefn);
    expect(out.readBigUInt64LE(280)).toBe(0n);
    expect(res.headers['x-lost-fields']).toBe('vmread_bitmap');
    expect(res.headers['x-plan-id']).toMatch(/^sha256:[0-9a-f]{64}$/);
    const l417 = await request(t.http).get('/layouts/linux-v4.17-pinned').expect(200);
    expect(res.headers['x-from-fingerprint']).toBe(l417.body.fingerprint);
  });

  it('converts base64 JSON and refuses loss in strict mode with 422', async () => {
    const input = blob(REV, [[280, 7n]]);
    const ok = await request(t.http).post('/convert/linux-v4.17-pinned/linux-v4.4').send({ blob: input.toString('base64') }).expect(200);
    expect(ok.body.lost).toEqual([{ field: 'vmread_bitmap', reason: 'absent' }]);
    expect(Buffer.from(ok.body.blob, 'base64')).toHaveLength(4096);
    const strict = await request(t.http)
      .post('/convert/linux-v4.17-pinned/linux-v4.4?strict=true')
      .send({ blob: input.toString('base64') })
      .expect(422);
    expect(strict.body.error).toBe('lossy_conversion');
  });

  it('refuses a blob of the wrong size or revision with 422 and the byte offset', async () => {
    const short = await request(t.http)
      .post('/convert/linux-v4.4/linux-v4.17-pinned')
      .set('content-type', 'application/octet-stream')
      .send(Buffer.alloc(100))
      .expect(422);
    expect(short.body).toMatchObject({ error: 'invalid_blob' });
    expect(typeof short.body.offset).toBe('number');
    const wrong = await request(t.http)
      .post('/convert/linux-v4.4/linux-v4.17-pinned')
      .set('content-type', 'application/octet-stream')
      .send(blob(0x11e586b1))
      .expect(422);
    expect(wrong.body).toMatchObject({ error: 'invalid_blob', offset: 0 });
  });

  it('converts a whole kvm_nested_state, leaving the header intact', async () => {
    const state = Buffer.alloc(128 + 4096);
    state.writeUInt16LE(0, 0); // flags
    state.writeUInt16LE(0, 2); // format VMX
    state.writeUInt32LE(state.length, 4);
    state.writeBigUInt64LE(0x1000n, 8); // vmxon_pa
    state.writeBigUInt64LE(0x2000n, 16); // vmcs12_pa
    blob(REV, [[40, 0xabcn]]).copy(state, 128);
    const res = await request(t.http)
      .post('/convert/linux-v4.4/linux-v4.17-pinned?container=nested-state')
      .send({ blob: state.toString('base64') })
      .expect(200);
    const out = Buffer.from(res.body.blob, 'base64');
    expect(out.subarray(0, 128).equals(state.subarray(0, 128))).toBe(true);
    expect(out.readUInt32LE(128)).toBe(REV);
    expect(out.readBigUInt64LE(128 + 40)).toBe(0xabcn);
    const bad = Buffer.from(state);
    bad.writeUInt16LE(1, 2); // SVM format on a VMX conversion
    const refused = await request(t.http)
      .post('/convert/linux-v4.4/linux-v4.17-pinned?container=nested-state')
      .send({ blob: bad.toString('base64') })
      .expect(422);
    expect(refused.body).toMatchObject({ error: 'invalid_blob', offset: 2 });
  });

  it('serves a converter in C that compiles and converts like the service', async () => {
    const res = await request(t.http).get('/converters/linux-v4.17-pinned/linux-v4.4.c').expect(200);
    const dir = mkdtempSync(join(tmpdir(), 'vmcs12-conv-'));
    writeFileSync(join(dir, 'convert.c'), res.text);
    writeFileSync(
      join(dir, 'main.c'),
      `#include <stdio.h>
#include <string.h>
int vmcs12_convert(void *dst, const void *src);
int main(void) {
  static unsigned char in[4096], out[4096];
  if (fread(in, 1, sizeof in, stdin) != sizeof in) return 3;
  int lost = vmcs12_convert(out, in);
  fwrite(out, 1, sizeof out, stdout);
  fprintf(stderr, "%d", lost);
  return 0;
}
`,
    );
    execFileSync('cc', ['-std=c99', '-Wall', '-Werror', '-o', join(dir, 'conv'), join(dir, 'convert.c'), join(dir, 'main.c')]);
    const input = blob(REV, [
      [280, 9n],
      [48, 0x55n],
    ]);
    const cOut = execFileSync(join(dir, 'conv'), { input });
    const ts = await request(t.http).post('/convert/linux-v4.17-pinned/linux-v4.4').send({ blob: input.toString('base64') }).expect(200);
    expect(cOut.equals(Buffer.from(ts.body.blob, 'base64'))).toBe(true);
  });

  it('declares a rename that later reports match by', async () => {
    const before = await request(t.http).get('/compat/linux-v4.17-pinned/uek-dead-space').expect(200);
    expect(before.body.lost.length).toBeGreaterThan(0);
    await request(t.http).post('/aliases').send({ from: 'guest_pml_index', to: 'guest_pml_idx' }).expect(201);
    const aliases = await request(t.http).get('/aliases').expect(200);
    expect(aliases.body).toEqual([expect.objectContaining({ from: 'guest_pml_index', to: 'guest_pml_idx' })]);
    await request(t.http).post('/aliases').send({ from: 'guest_pml_index', to: 'guest_pml_idx' }).expect(200);
  });

  it('changes the policy through an event and enforces it', async () => {
    const res = await request(t.http).put('/policy').send({ mode: 'backward', transitive: false, sameRevision: 'in-place' }).expect(200);
    expect(res.body).toMatchObject({ mode: 'backward', transitive: false, sameRevision: 'in-place' });
    const events = await readAllEvents(t.http);
    expect(events.at(-1)).toMatchObject({ type: 'PolicyChanged', stream: 'policy' });
    await request(t.http).put('/policy').send({ mode: 'sideways' }).expect(400);
    // Backward against the head of mainline (the newest mainline layout): a tiny layout loses its fields.
    const tiny = 'struct __packed vmcs12 { u32 revision_id; u32 abort; };\n#define VMCS12_REVISION 0x00000777\n';
    const refused = await request(t.http).post('/layouts').send({ name: 'tiny', format: 'c', source: tiny }).expect(409);
    const groups = refused.body.findings as { reference: string; findings: { rule: string; against: string; check: string }[] }[];
    expect(groups.map((g) => g.reference)).toEqual(['linux-tsc-multiplier']);
    expect(groups[0]?.findings.some((f) => f.rule === 'FIELD_REMOVED' && f.against === 'linux-tsc-multiplier' && f.check === 'backward')).toBe(true);
    await request(t.http).put('/policy').send({ mode: 'none', transitive: false, sameRevision: 'in-place' }).expect(200);
  });
});
