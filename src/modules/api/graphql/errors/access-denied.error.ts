// A mutation refused by the write rules (decideAccess): 401 without a usable token, 403 with a
// token of the wrong role or, when WRITE_TOKENS is unset, from a non-loopback client.
export class AccessDeniedError extends Error {
  constructor(
    readonly status: 401 | 403,
    message: string,
  ) {
    super(message);
    this.name = 'AccessDeniedError';
  }
}
