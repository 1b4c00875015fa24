// Long-lived connections (SSE streams, GraphQL WebSockets) counted per client address and in
// total, so that no client, and no crowd of them, can hold every file descriptor. O(1) per
// open and close; an address is forgotten when its last connection closes.
export type CapRefusal = 'client' | 'total';

export interface CapLimits {
  perClient: number;
  total: number;
}

export class ConnectionCaps {
  private readonly perAddress = new Map<string, number>();
  private open = 0;

  constructor(readonly limits: CapLimits) {}

  get total(): number {
    return this.open;
  }

  // Takes a slot for `address`, or says which cap refused it. Every successful take must be
  // followed by exactly one release (see holdUntilClosed).
  take(address: string): CapRefusal | undefined {
    const mine = this.perAddress.get(address) ?? 0;
    if (mine >= this.limits.perClient) {
      return 'client';
    }
    if (this.open >= this.limits.total) {
      return 'total';
    }
    this.perAddress.set(address, mine + 1);
    this.open += 1;
    return undefined;
  }

  release(address: string): void {
    const mine = this.perAddress.get(address) ?? 0;
    if (mine <= 1) {
      this.perAddress.delete(address);
    } else {
      this.perAddress.set(address, mine - 1);
    }
    this.open = Math.max(0, this.open - 1);
  }

  // Releases the slot once, when the emitter (a socket or response) closes.
  holdUntilClosed(address: string, closable: { once(event: 'close', listener: () => void): unknown }): void {
    closable.once('close', () => this.release(address));
  }
}

export function refusalMessage(what: string, refusal: CapRefusal, limits: CapLimits, address: string): string {
  return refusal === 'client'
    ? `${address} already holds ${limits.perClient} ${what}, the most one client address may hold; close one first`
    : `the service already holds ${limits.total} ${what}, the most it serves at once; retry later`;
}
