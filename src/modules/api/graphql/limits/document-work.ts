import { Kind } from 'graphql';
import type { ASTNode, DocumentNode } from 'graphql';
import type { FastifyReply } from 'fastify';
import type { TokenBuckets } from '../../../limits/token-buckets';

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

// Field nodes in the document, fragments counted where they are defined (as validation visits
// them), over an explicit stack rather than recursion.
export function fieldSelections(document: DocumentNode): number {
  let fields = 0;
  const stack: ASTNode[] = [...document.definitions];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node.kind === Kind.FIELD) {
      fields += 1;
    }
    const set = 'selectionSet' in node ? node.selectionSet : undefined;
    if (set) {
      stack.push(...set.selections);
    }
  }
  return fields;
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
