import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { parse as parseQuery } from 'fast-querystring';
import type { Conversion, ConversionService, ConvertRequest } from '../../compat/conversion.service';
import type { LaneGate } from '../../edge/lane-gate';
import { putLaneFirst } from '../../edge/request-lanes';
import type { RequestLane } from '../../edge/request-lanes';
import { convertBodyLimit } from '../../limits/body-limits';
import type { CounterChild } from '../../metrics/bound-metrics';
import type { AccessLog } from '../../observability/access-log';
import type { RouteLatency } from '../../observability/http-metrics';
import { recordRequest } from '../../observability/http-observer';
import { REQUEST_ID_HEADER, requestIdFor } from '../../observability/request-id';
import { httpErrorReply } from '../errors/http-exception.filter';
import { RAW_MEDIA_TYPE } from './blob-body';
import { conversionBody, conversionHeaders } from './conversion-reply';
import { convertOptions } from './convert-handler';
import { ownBuffer } from './raw-blob-parser';

// POST /convert/:from/:to with a raw blob, answered below Fastify (issue 18). On a 2-vCPU VM a
// bare Fastify route reaches 0.80x the rate of a bare Node server moving the same bytes, so the
// framework alone left less than the goal's 0.7x for everything the service does per request
// (BENCHMARKS.md, "Seventh look"). The lane does what the Fastify route and its hooks do, with
// the same functions: the gate's checks (lane-gate.ts), the body limit, the conversion, its
// headers and error bodies, the latency histogram, the access line.
//
// It takes only the plain request: method POST, Content-Type exactly application/octet-stream,
// the path with two names that are layout slugs (no percent-encoding), a Content-Length and no
// Transfer-Encoding, a body within the limit, a query Fastify would parse without error, a pair
// this instance holds, a gate that lets it on, a server not closing. Anything else goes to
// Fastify before a byte of the body is read, and Fastify answers it as it always has: other
// spellings of the type, chunked bodies, `auto`, names not yet cached, 413, 415, 401, 403, 429.
// raw-convert-lane.e2e-spec.ts sends the same requests through both and compares the bytes.
const PATH = /^\/convert\/([a-z0-9][a-z0-9._-]{0,63})\/([a-z0-9][a-z0-9._-]{0,63})(?:\?(.*))?$/s;
const LENGTH = /^[1-9][0-9]{0,8}$/;

export interface RawConvertLaneDeps {
  conversion: Pick<ConversionService, 'cachedSourceSize' | 'convertCached' | 'convert'>;
  gate: LaneGate;
  latency: RouteLatency; // the route's own series: both paths count as one route
  accessLog: Pick<AccessLog, 'record'>;
  taken: CounterChild; // vmcs12_http_lane_requests_total
  closing: () => boolean; // Fastify answers 503 while it closes
  logger: Pick<Logger, 'error'>;
}

// Puts the lane in front of Fastify's request listener, and notes when Fastify starts to close
// (from then on every request is Fastify's). Before app.init(): hooks cannot be added after.
export function installRawConvertLane(fastify: FastifyInstance, deps: Omit<RawConvertLaneDeps, 'closing'>): void {
  let closing = false;
  fastify.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  putLaneFirst(fastify.server, rawConvertLane({ ...deps, closing: () => closing }));
}

export function rawConvertLane(deps: RawConvertLaneDeps): RequestLane {
  return (req, res) => {
    if (req.method !== 'POST' || req.headers['content-type'] !== RAW_MEDIA_TYPE) {
      return false;
    }
    const match = PATH.exec(req.url as string);
    if (match === null || deps.closing()) {
      return false;
    }
    const started = performance.now();
    const from = match[1] as string;
    const to = match[2] as string;
    const size = deps.conversion.cachedSourceSize(from, to);
    const length = req.headers['content-length'];
    if (size === undefined || length === undefined || req.headers['transfer-encoding'] !== undefined || !LENGTH.test(length) || Number(length) > convertBodyLimit(size, false)) {
      return false;
    }
    const options = queryOptions(match[3]);
    const ip = req.socket.remoteAddress;
    if (options === undefined || ip === undefined || !deps.gate(req, ip)) {
      return false; // the gate goes last: it takes the rate limit's token
    }
    deps.taken.inc();
    const x: Exchange = { req, res, id: requestIdFor(req), ip, started };
    const chunks: Buffer[] = [];
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
    });
    req.on('end', () => answer(deps, x, { from, to, blob: ownBuffer(chunks, received), ...options }));
    req.on('error', (err: Error) => {
      // The body did not arrive whole: the client went away (a 400, as the Fastify route's body
      // parser answers it, should anyone still be listening), or Node's request timeout cut the
      // socket after clientErrorHandler wrote its 408. Node's error is not passed on: its
      // ECONNRESET code would read as the database's (503).
      const timedOut = (req.socket as { errored?: { code?: string } | null }).errored?.code === 'ERR_HTTP_REQUEST_TIMEOUT';
      sendError(deps, x, Object.assign(new Error(err.message), { statusCode: timedOut ? 408 : 400 }));
    });
    return true;
  };
}

// One request the lane took, from its arrival (performance.now() ms).
interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  id: string;
  ip: string;
  started: number;
}

// ?strict and ?container as answerConversion reads them (convertOptions) off the query parsed as
// Fastify's router parses it (fast-querystring); undefined when they would be refused, which
// Fastify answers.
function queryOptions(query: string | undefined): Pick<ConvertRequest, 'strict' | 'nestedState'> | undefined {
  if (query === undefined || query === '') {
    return { strict: false, nestedState: false };
  }
  try {
    return convertOptions(parseQuery(query) as Record<string, unknown>);
  } catch {
    return undefined;
  }
}

function answer(deps: RawConvertLaneDeps, x: Exchange, request: ConvertRequest): void {
  let done: Conversion | undefined;
  try {
    done = deps.conversion.convertCached(request);
  } catch (err) {
    sendError(deps, x, err);
    return;
  }
  if (done !== undefined) {
    sendConversion(deps, x, done);
    return;
  }
  // The pair was cached when the request was taken; a cache rebuilt since (a reserved name
  // registered meanwhile) is read again, as the Fastify route reads it.
  deps.conversion.convert(request).then(
    (c) => sendConversion(deps, x, c),
    (err: unknown) => sendError(deps, x, err),
  );
}

function sendConversion(deps: RawConvertLaneDeps, x: Exchange, c: Conversion): void {
  send(deps, x, 200, conversionHeaders(c, [REQUEST_ID_HEADER, x.id]), conversionBody(c));
}

function sendError(deps: RawConvertLaneDeps, x: Exchange, err: unknown): void {
  const { status, headers, body } = httpErrorReply(err, deps.logger);
  send(deps, x, status, [REQUEST_ID_HEADER, x.id, ...headers], JSON.stringify(body));
}

// Answers and records the request: each request the lane takes is answered here once, with
// `headers` (the request id first, as the gate sets it) and then Content-Length. Recorded
// once the response is handed to the socket (the Fastify route records it on 'finish', a tick
// later, when Node has written it), and also when the client has gone and nothing can be sent:
// a request that never got its body is recorded as the 400 it would have been answered.
function send(deps: RawConvertLaneDeps, x: Exchange, status: number, headers: string[], body: Buffer | string): void {
  const { res } = x;
  if (res.headersSent) {
    return;
  }
  if (!res.destroyed) {
    try {
      headers.push('content-length', String(typeof body === 'string' ? Buffer.byteLength(body) : body.length));
      res.writeHead(status, headers);
      res.end(body);
    } catch (err) {
      // A header Node refuses: the 500 the Fastify route's error handler would send (its
      // headers are the request id and constants), or the connection is cut rather than left
      // hanging.
      if (status !== 500) {
        sendError(deps, x, err);
        return;
      }
      res.destroy();
    }
  }
  recordRequest(deps.latency, deps.accessLog, x.id, 'POST', x.req.url as string, status, performance.now() - x.started, x.ip, undefined);
}
