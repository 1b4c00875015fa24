import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { OpenApiDocument } from '../../src/modules/api/openapi/openapi-document';
import { startTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';

// openapi.json is the committed REST contract: this builds the document the running service
// serves and fails on any drift. UPDATE_OPENAPI=1 (npm run openapi:write) rewrites the file
// instead; then review the diff like code.
const OPENAPI_FILE = join(__dirname, '..', '..', 'openapi.json');

describe('openapi.json', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('matches the document the service builds', () => {
    const built = t.app.get(OpenApiDocument).text();
    if (process.env.UPDATE_OPENAPI === '1') {
      writeFileSync(OPENAPI_FILE, built);
    }
    expect(readFileSync(OPENAPI_FILE, 'utf8')).toBe(built);
  });

  it('is served at GET /openapi.json', async () => {
    const res = await request(t.http).get('/openapi.json').expect(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.text).toBe(readFileSync(OPENAPI_FILE, 'utf8'));
  });
});
