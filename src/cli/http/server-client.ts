import { CliError } from '../cli-error';
import { EXIT_REFUSED } from '../exit-codes';

export interface ServerResponse {
  status: number;
  body: unknown;
}

// Thin JSON-over-fetch client for the service's REST API (API.md). Non-2xx answers become
// CliErrors carrying the service's own message; 4xx is a refusal (exit 1) only where the
// caller says so.
export class ServerClient {
  private readonly base: string;

  constructor(
    url: string,
    private readonly token: string | undefined,
  ) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new CliError(`--server ${url} is not a URL (e.g. http://localhost:3000)`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new CliError(`--server ${url} must be an http or https URL`);
    }
    this.base = parsed.toString().replace(/\/+$/, '');
  }

  get url(): string {
    return this.base;
  }

  async get(path: string): Promise<unknown> {
    const res = await this.request('GET', path);
    if (res.status >= 300) {
      throw this.failure('GET', path, res, false);
    }
    return res.body;
  }

  async request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<ServerResponse> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.token !== undefined) {
      headers.authorization = `Bearer ${this.token}`;
    }
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
    }
    let res: Response;
    try {
      res = await fetch(this.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new CliError(`cannot reach ${this.base}: ${cause?.code ?? cause?.message ?? (e as Error).message}`);
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (a proxy's HTML page): keep the text for the message
    }
    return { status: res.status, body: parsed };
  }

  // `refusal`: a 4xx means the service judged the request and said no (register).
  failure(method: string, path: string, res: ServerResponse, refusal: boolean): CliError {
    const message = serverMessage(res.body);
    const code = refusal && res.status >= 400 && res.status < 500 ? EXIT_REFUSED : undefined;
    return new CliError(`${method} ${path}: ${res.status} ${message}`, code);
  }
}

export function serverMessage(body: unknown): string {
  if (typeof body === 'object' && body !== null) {
    const b = body as { error?: unknown; message?: unknown };
    const kind = typeof b.error === 'string' ? `${b.error}: ` : '';
    return `${kind}${typeof b.message === 'string' ? b.message : JSON.stringify(body)}`;
  }
  return typeof body === 'string' ? body.slice(0, 500) : 'no body';
}
