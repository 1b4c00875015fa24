import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import type { AppConfig } from '../../infra/config/env';
import { decideAccess } from '../auth/access';
import { GRAPHQL_PATH, endUpgradeAfterReply, isUpgrade } from '../auth/read-access';
import { sendLimit } from '../limits/limit-reply';
import { ConnectionCaps, refusalMessage } from './connection-caps';
import type { CapLimits } from './connection-caps';
import { appendRouteHook, methodsOf } from './route-hooks';

export interface WsLimits {
  initTimeoutMs: number; // connection_init must arrive within this after the upgrade
  pingIntervalMs: number; // a WebSocket ping this often; a peer that missed the last pong is cut
  subscriptionsPerSocket: number;
  sockets: CapLimits;
}

export const DEFAULT_WS_LIMITS: WsLimits = {
  initTimeoutMs: 10_000,
  pingIntervalMs: 30_000,
  subscriptionsPerSocket: 10,
  sockets: { perClient: 16, total: 1000 },
};

// graphql-transport-ws close codes (github.com/enisdenjo/graphql-ws, PROTOCOL.md), and one of
// ours for a connection over its subscription cap.
export const WS_CLOSE = { unauthorized: 4401, initTimeout: 4408, tooManySubscriptions: 4429 } as const;

type WsHandler = (this: unknown, socket: WebSocket, request: FastifyRequest) => unknown;
type Config = Pick<AppConfig, 'readsOpen' | 'readTokens' | 'writeTokens'>;

// The HTTP timeouts stop applying once a socket is upgraded, so /graphql's WebSocket gets its
// own bounds, put around mercurius's handler (wrapped from onRoute, before @fastify/websocket
// captures it): sockets capped per client address and in total (refused before the upgrade),
// connection_init within initTimeoutMs, a reader token at connection_init when reads are closed
// and the upgrade carried none, at most subscriptionsPerSocket open subscriptions, and a ping
// every pingIntervalMs that closes peers which stopped answering.
export function guardGraphqlWs(fastify: FastifyInstance, config: Config, limits: WsLimits): ConnectionCaps {
  const caps = new ConnectionCaps(limits.sockets);
  fastify.addHook('onRoute', (route: RouteOptions & { wsHandler?: WsHandler }) => {
    if (route.url !== GRAPHQL_PATH || typeof route.wsHandler !== 'function' || !methodsOf(route).includes('GET')) {
      return;
    }
    const inner = route.wsHandler;
    route.wsHandler = function guarded(this: unknown, socket: WebSocket, request: FastifyRequest): unknown {
      return superviseSocket(socket, request, config, limits, () => inner.call(this, socket, request));
    };
    route.onRequest = appendRouteHook(route.onRequest as never, async (request: FastifyRequest, reply: FastifyReply) => {
      if (!isUpgrade(request)) {
        return;
      }
      const refusal = caps.take(request.ip);
      if (refusal !== undefined) {
        endUpgradeAfterReply(request, reply);
        void reply.header('retry-after', '5');
        sendLimit(reply, refusal === 'client' ? 429 : 503, 'too_many_connections', refusalMessage('GraphQL WebSockets', refusal, limits.sockets, request.ip));
        return reply;
      }
      caps.holdUntilClosed(request.ip, request.raw.socket);
      return undefined;
    }) as never;
  });
  return caps;
}

interface ProtocolMessage {
  type?: unknown;
  id?: unknown;
  payload?: { authorization?: unknown; Authorization?: unknown; headers?: { authorization?: unknown } } | null;
}

function superviseSocket(socket: WebSocket, request: FastifyRequest, config: Config, limits: WsLimits, start: () => unknown): unknown {
  const needsToken = !config.readsOpen && request.headers.authorization === undefined;
  let initialised = false;
  let answered = true;
  const active = new Set<unknown>();
  const initTimer = setTimeout(() => socket.close(WS_CLOSE.initTimeout, 'Connection initialisation timeout'), limits.initTimeoutMs);
  const pinger = setInterval(() => {
    if (!answered) {
      socket.terminate();
      return;
    }
    answered = false;
    socket.ping();
  }, limits.pingIntervalMs);
  initTimer.unref();
  pinger.unref();
  socket.on('pong', () => {
    answered = true;
  });
  socket.once('close', () => {
    clearTimeout(initTimer);
    clearInterval(pinger);
  });
  releaseWhenServerEnds(socket, active);
  socket.on('message', (data: RawData, isBinary: boolean) => {
    const message = parseMessage(data);
    if (!initialised) {
      if (message?.type !== 'connection_init') {
        if (needsToken) {
          socket.close(WS_CLOSE.unauthorized, 'Unauthorized');
        }
        return; // without the token check, mercurius answers what comes before init
      }
      initialised = true;
      clearTimeout(initTimer);
      if (needsToken) {
        const decision = decideAccess(config, 'reader', tokenOf(message), request.ip);
        if (!decision.ok) {
          socket.close(WS_CLOSE.unauthorized, 'Unauthorized');
          return;
        }
        // mercurius starts listening now, and gets the init it would have missed.
        start();
        socket.emit('message', data, isBinary);
      }
      return;
    }
    if (message?.type === 'subscribe' || message?.type === 'start') {
      active.add(message.id);
      if (active.size > limits.subscriptionsPerSocket) {
        socket.close(WS_CLOSE.tooManySubscriptions, `at most ${limits.subscriptionsPerSocket} subscriptions per connection`);
      }
    } else if (message?.type === 'complete' || message?.type === 'stop') {
      active.delete(message.id);
    }
  });
  return needsToken ? undefined : start();
}

// A subscription also ends when the server says so (`complete` after its last result, `error`
// for a document it refused); its id then no longer counts against the cap, or a client whose
// subscriptions ended that way would be cut after `subscriptionsPerSocket` of them. mercurius
// writes `{"type":...,"id":...}` in that key order, so a prefix test leaves every `next` unparsed.
const SERVER_ENDS = ['{"type":"complete"', '{"type":"error"'];

function releaseWhenServerEnds(socket: WebSocket, active: Set<unknown>): void {
  const send = socket.send.bind(socket) as (data: unknown, ...rest: unknown[]) => void;
  (socket as { send: (data: unknown, ...rest: unknown[]) => void }).send = (data: unknown, ...rest: unknown[]): void => {
    if (typeof data === 'string' && active.size > 0 && SERVER_ENDS.some((prefix) => data.startsWith(prefix))) {
      const id = (JSON.parse(data) as { id?: unknown }).id;
      active.delete(id);
    }
    send(data, ...rest);
  };
}

function parseMessage(data: RawData): ProtocolMessage | undefined {
  try {
    const parsed: unknown = JSON.parse(data.toString());
    return typeof parsed === 'object' && parsed !== null ? (parsed as ProtocolMessage) : undefined;
  } catch {
    return undefined;
  }
}

// graphql-ws clients put it in connectionParams: {authorization: "Bearer ..."} (or as headers).
function tokenOf(message: ProtocolMessage): string | undefined {
  const p = message.payload;
  const value = p?.authorization ?? p?.Authorization ?? p?.headers?.authorization;
  return typeof value === 'string' ? value : undefined;
}
