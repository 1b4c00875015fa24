// Same-origin requests with one error type: the server's `{error, message}` body when there is
// one, else the status line, so every view can show what went wrong in words.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly kind: string,
    message: string,
  ) {
    super(message);
  }
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, { headers: { accept: 'application/json' }, signal });
  await throwUnlessOk(response);
  return (await response.json()) as T;
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
  try {
    const body = (await response.json()) as { error?: unknown; message?: unknown };
    if (typeof body.error === 'string') {
      kind = body.error;
    }
    if (typeof body.message === 'string') {
      message = body.message;
    }
  } catch {
    // not JSON: keep the status line
  }
  throw new ApiError(response.status, kind, message);
}

export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    return `${error.message} (${error.status} ${error.kind})`;
  }
  return error instanceof Error ? error.message : String(error);
}
