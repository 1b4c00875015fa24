// Same-origin requests with one error type: the server's `{error, message}` body when there is
// one, else the status line, so every view can show what went wrong in words.
import { nextLink } from './link-header.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly kind: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return (await getJsonPage<T>(path, signal)).body;
}

// A paged list: the body and the next page's URL from `Link: <...>; rel="next"`, if any.
export interface JsonPage<T> {
  body: T;
  next: string | undefined;
}

export async function getJsonPage<T>(path: string, signal?: AbortSignal): Promise<JsonPage<T>> {
  const response = await fetch(path, { headers: { accept: 'application/json' }, signal });
  await throwUnlessOk(response);
  return { body: (await response.json()) as T, next: nextLink(response.headers.get('link')) };
}

export async function postBytes(path: string, body: ArrayBuffer): Promise<Response> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', accept: 'application/octet-stream, application/json' },
    body,
  });
  await throwUnlessOk(response);
  return response;
}

async function throwUnlessOk(response: Response): Promise<void> {
  if (response.ok) {
    return;
  }
  let kind = 'http';
  let message = `${response.status} ${response.statusText}`.trim();
  let details: Record<string, unknown> = {};
  try {
    const body = (await response.json()) as Record<string, unknown>;
    const { error, message: text, ...rest } = body;
    kind = typeof error === 'string' ? error : kind;
    message = typeof text === 'string' ? text : message;
    details = rest;
  } catch {
    // not JSON: keep the status line
  }
  throw new ApiError(response.status, kind, message, details);
}

// Blob errors name the byte offset and what was expected there (API.md "Conversion").
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const { offset, expected, actual } = error.details;
    const where = typeof offset === 'number' ? `at byte ${offset}` : '';
    const what = [expected === undefined ? '' : `expected ${String(expected)}`, actual === undefined ? '' : `found ${String(actual)}`].filter(Boolean).join(', ');
    const detail = [where, what].filter(Boolean).join(': ');
    return `${error.message}${detail === '' ? '' : ` (${detail})`} [${error.status} ${error.kind}]`;
  }
  return error instanceof Error ? error.message : String(error);
}
