import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase } from '../../support/test-database';
import type { TestDatabase } from '../../support/test-database';
import { startService } from './support/service-process';
import type { ServiceProcess } from './support/service-process';
import { pollUntil } from '../../support/poll-until';

jest.setTimeout(120_000);

// WRITE_TOKENS_FILE on the built service: a rotated token works and the old one stops working
// after SIGHUP, without a restart.
describe('writer tokens from a file, rotated without a restart', () => {
  let dir: string;
  let file: string;
  let db: TestDatabase;
  let service: ServiceProcess;
  let n = 0;

  const write = (token: string): Promise<number> =>
    fetch(`${service.url}/aliases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ from: `rot_a${(n += 1)}`, to: `rot_b${n}` }),
    }).then((r) => r.status);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vmcs12-rotation-'));
    file = join(dir, 'write-tokens');
    writeFileSync(file, '# writers\ntoken-one\n');
    db = await createTestDatabase('vmcs12_rotation');
    service = await startService(db.url, { WRITE_TOKENS_FILE: file });
  });
  afterAll(async () => {
    await service?.stop();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('accepts the token in the file and only that one', async () => {
    expect(await write('token-one')).toBe(201);
    expect(await write('token-two')).toBe(401);
  });

  it('swaps tokens on SIGHUP', async () => {
    writeFileSync(file, 'token-two\n');
    service.child.kill('SIGHUP');
    await pollUntil('token-two to be accepted after SIGHUP', () => write('token-two'), (status) => status === 201, { timeoutMs: 10_000, intervalMs: 100 });
    expect(await write('token-two')).toBe(201);
    expect(await write('token-one')).toBe(401);
    expect(service.child.exitCode).toBeNull();
  });

  it('keeps the current tokens when the file turns bad', async () => {
    writeFileSync(file, 'two words\n');
    service.child.kill('SIGHUP');
    await new Promise((r) => setTimeout(r, 500));
    expect(await write('token-two')).toBe(201);
    expect(service.output()).toMatch(/not reloaded, the previous tokens stay/);
  });
});
