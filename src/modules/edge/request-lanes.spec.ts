import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { putLaneFirst } from './request-lanes';

function post(port: number, path: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: 'POST', path, agent: false }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve(`${res.statusCode} ${text}`));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('putLaneFirst', () => {
  it('lets the lane answer its requests and hands the others to the framework untouched', async () => {
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => res.end(`framework ${req.url} ${body}`));
    });
    putLaneFirst(server, (req, res) => {
      if (req.url !== '/lane') {
        return false;
      }
      res.end('lane');
      return true;
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
    const { port } = server.address() as AddressInfo;
    try {
      expect(await post(port, '/lane', 'x')).toBe('200 lane');
      expect(await post(port, '/other', 'the whole body')).toBe('200 framework /other the whole body');
    } finally {
      server.close();
    }
  });

  it('refuses a server without exactly one request listener: one more would answer twice', () => {
    expect(() => putLaneFirst(createServer(), () => false)).toThrow(/has 0/);
    const two = createServer(() => undefined);
    two.on('request', () => undefined);
    expect(() => putLaneFirst(two, () => false)).toThrow(/has 2/);
  });
});
