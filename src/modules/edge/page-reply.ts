import type { FastifyReply } from 'fastify';

// How the service's pages (the dashboard at /, Swagger UI at /docs) and their files are sent.
// The pages' policy: everything same-origin, images also as data: URLs (both pages draw icons
// so), no inline script or style, no eval, no frames, no forms.
export const PAGE_CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export interface PageFile {
  body: Buffer | string;
  contentType: string;
}

// Revalidated on every load (a rebuild shows up at once), never sniffed as another type.
export async function sendPageFile(reply: FastifyReply, file: PageFile): Promise<void> {
  await reply
    .status(200)
    .header('content-type', file.contentType)
    .header('cache-control', 'no-cache')
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'same-origin')
    .send(file.body);
}
