import { CliError, UsageError, type CliErrorKind } from '../cli-error';

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
      throw new UsageError(`--server ${url} is not a URL (e.g. http://localhost:3000)`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new UsageError(`--server ${url} must be an http or https URL`);
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
      throw new CliError(`cannot reach ${this.base}: ${cause?.code ?? cause?.message ?? (e as Error).message}`, 'unreachable');
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

  // `refusal`: a 4xx means the service judged the request and said no (register). The JSON
  // error document carries the status and the service's own body (findings of a policy refusal).
  failure(method: string, path: string, res: ServerResponse, refusal: boolean): CliError {
    const message = serverMessage(res.body);
    const kind = res.status < 400 || res.status >= 500 ? 'server_error' : refusal ? refusedKind(res.body) : res.status === 404 ? 'not_found' : 'request_failed';
    const { error, message: _message, ...rest } = typeof res.body === 'object' && res.body !== null ? (res.body as Record<string, unknown>) : {};
    const details = { status: res.status, ...(typeof error === 'string' ? { reason: error } : {}), ...rest };
    return new CliError(`${method} ${path}: ${res.status} ${message}`, kind, { details });
  }
}

// The service's own kind when the CLI knows it as a refusal, else just "refused".
function refusedKind(body: unknown): CliErrorKind {
  const error = (body as { error?: unknown } | undefined)?.error;
  return error === 'policy_violation' || error === 'conflict' ? error : 'refused';
}

export function serverMessage(body: unknown): string {
  if (typeof body === 'object' && body !== null) {
    const b = body as { error?: unknown; message?: unknown };
    const kind = typeof b.error === 'string' ? `${b.error}: ` : '';
    return `${kind}${typeof b.message === 'string' ? b.message : JSON.stringify(body)}`;
  }
  return typeof body === 'string' ? body.slice(0, 500) : 'no body';
}
