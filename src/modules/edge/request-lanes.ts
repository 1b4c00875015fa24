import type { IncomingMessage, Server, ServerResponse } from 'node:http';

// A lane answers some requests itself, below Fastify, and returns true; for every other request
// it returns false having read and written nothing, and Fastify gets the request as it arrived.
export type RequestLane = (req: IncomingMessage, res: ServerResponse) => boolean;

// Puts `lane` in front of the server's one 'request' listener, Fastify's. Throws when the server
// has another number of them: a second listener would answer the lane's requests a second time.
export function putLaneFirst(server: Server, lane: RequestLane): void {
  const listeners = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  const framework = listeners[0];
  if (listeners.length !== 1 || framework === undefined) {
    throw new Error(`a request lane goes in front of the framework's one 'request' listener; the server has ${listeners.length}`);
  }
  server.removeListener('request', framework);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!lane(req, res)) {
      framework(req, res);
    }
  });
}
