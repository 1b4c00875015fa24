import type { DocumentNode } from 'graphql';
import type { FastifyReply } from 'fastify';
import type { TokenBuckets } from '../../../limits/token-buckets';
import { fieldSelections } from './field-selections';

// A document this instance has not seen before is parsed and validated before anything runs:
// about 15 us per field selection (a 2,000-selection document, the most the field-count rule
// admits, 30 ms), once per query text (mercurius caches the result). A client that sends a new
// large document with every request would make each request cost that, at the full rate limit.
// So a new document is charged to the client's rate-limit bucket: one more request per
// SELECTIONS_PER_TOKEN field selections, counted before validation. A document repeated, and
// any document below SELECTIONS_PER_TOKEN selections, costs what any request costs. Runs as a
// mercurius preValidation hook, which mercurius calls only for a text not in its cache.
export const SELECTIONS_PER_TOKEN = 100;

export class DocumentWorkRefused extends Error {
  readonly statusCode = 429;

  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = 'DocumentWorkRefused';
  }
}

export function chargeDocumentWork(buckets: TokenBuckets) {
  return async (_schema: unknown, document: DocumentNode, context: { reply?: FastifyReply }): Promise<void> => {
    const reply = context.reply;
    if (reply === undefined) {
      return;
    }
    const selections = fieldSelections(document);
    const extra = Math.floor(selections / SELECTIONS_PER_TOKEN);
    if (extra === 0) {
      return;
    }
    const ip = reply.request.ip;
    const waitMs = buckets.take(ip, extra);
    if (waitMs === 0) {
      return;
    }
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    void reply.header('retry-after', String(seconds));
    throw new DocumentWorkRefused(
      `a document new to this server costs one request of the rate limit per ${SELECTIONS_PER_TOKEN} field selections; this one selects ${selections} fields (${extra} more), and ${ip} has not that many left: retry in ${seconds} s, or send documents this server has seen`,
      seconds,
    );
  };
}
