import { Logger as NestLogger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { AppDeps } from './app.module';
import { AppModule } from './app.module';
import { dropIdleCsrfHook } from './modules/api/graphql/idle-csrf-hook';
import { writeGraphqlResponses } from './modules/api/graphql/graphql-response';
import { OpenApiDocument } from './modules/api/openapi/openapi-document';
import { parseRawBlob } from './modules/api/rest/raw-blob-parser';
import { installRawConvertLane } from './modules/api/rest/raw-convert-lane';
import { installRawConvertRoute } from './modules/api/rest/raw-convert-route';
import { ConversionService } from './modules/compat/conversion.service';
import { GRAPHQL_PATH, readAccessCheck } from './modules/auth/read-access';
import { crossSiteCheck } from './modules/edge/cross-site';
import { laneGate } from './modules/edge/lane-gate';
import { installRequestGate } from './modules/edge/request-gate';
import { boundGraphqlDocuments } from './modules/edge/graphql-document-size';
import { DEFAULT_SSE_LIMITS, capEventStreams } from './modules/edge/event-stream';
import type { SseLimits } from './modules/edge/event-stream';
import { DEFAULT_WS_LIMITS, guardGraphqlWs } from './modules/edge/graphql-ws-guard';
import type { WsLimits } from './modules/edge/graphql-ws-guard';
import { requireWsDocumentText } from './modules/api/graphql/subscriptions/subscription-documents';
import { CONVERT_ROUTE, DEFAULT_BODY_LIMIT } from './modules/limits/body-limits';
import { installLimits } from './modules/limits/install-limits';
import { sendLimit } from './modules/limits/limit-reply';
import { TokenBuckets } from './modules/limits/token-buckets';
import { DEFAULT_TIMEOUTS, clientErrorHandler, timeoutOptions } from './modules/limits/timeouts';
import type { Timeouts } from './modules/limits/timeouts';
import { CounterFamily } from './modules/metrics/bound-metrics';
import { MetricsRegistry } from './modules/metrics/metrics-registry';
import { AccessLog } from './modules/observability/access-log';
import { observeHttp, requestIdCheck } from './modules/observability/http-observer';
import { createServiceLogger } from './modules/observability/logger';
import { PinoNestLogger } from './modules/observability/nest-logger';
import { requestIdFor } from './modules/observability/request-id';
import { LayoutCache } from './modules/registry/layout-cache';

// The default cap on a request body: GraphQL (C text in registerLayout) and anything without a
// route-specific limit (src/modules/limits/body-limits.ts has them all).
export const BODY_LIMIT = DEFAULT_BODY_LIMIT;

export interface AppOptions {
  logger?: Logger; // default: JSON on stdout at config.logLevel
  timeouts?: Partial<Timeouts>; // tests shorten them
  now?: () => number; // the rate limiter's clock
  wsLimits?: Partial<WsLimits>; // tests shorten the WebSocket timers and lower its caps
  sseLimits?: Partial<SseLimits>; // ... and the event stream's
  lanes?: boolean; // false: every request goes through Fastify (tests compare the two paths)
}

export async function createApp(deps: AppDeps, options: AppOptions = {}): Promise<NestFastifyApplication> {
  const logger = options.logger ?? createServiceLogger(deps.config.logLevel).logger;
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT,
    trustProxy: false,
    loggerInstance: logger,
    logController: new LogController({ disableRequestLogging: true }), // observeHttp writes one line per request
    // No child logger per request: our lines carry reqId themselves, and a pino child per
    // request is allocation on every request's path for the rare line Fastify itself writes.
    childLoggerFactory: (parent: FastifyBaseLogger) => parent,
    genReqId: requestIdFor,
    ...timeoutOptions(timeouts),
    clientErrorHandler,
    frameworkErrors: routerError,
    // The service has no Nest middleware: without middie a request skips its onRequest hook
    // (a Holder and a run over no middleware on every request). A middleware added later
    // fails loudly at start (no `use`), not silently.
    skipMiddie: true,
  });
  const sseLimits = { ...DEFAULT_SSE_LIMITS, ...options.sseLimits };
  const buckets = new TokenBuckets(deps.config.rateLimitPerMinute, options.now);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot({ ...deps, sseLimits, buckets }), adapter, {
    logger: new PinoNestLogger(logger),
    bufferLogs: false,
    // Fastify's own JSON parser (secure-json-parse, proto and constructor poisoning refused, as
    // Nest's is) instead of Nest's wrapper around it, which built a parser per request. Nest's
    // urlencoded parser goes too: forms are refused before their body is read (cross-site.ts).
    bodyParser: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  // Hooks go in before app.init(), which registers the routes they must see.
  const registry = app.get(MetricsRegistry).registry;
  const layouts = app.get(LayoutCache);
  const { rateLimit, deadlines } = installLimits(fastify, {
    buckets,
    handlerTimeoutMs: timeouts.handlerMs,
    defaultBodyLimit: BODY_LIMIT,
    layoutSize: (name) => layouts.find(name)?.layout.size,
  });
  const accessLog = new AccessLog(logger, registry, deps.config.accessLogSample);
  const httpMetrics = observeHttp(fastify, registry, accessLog, (reply) => deadlines.delete(reply));
  // Every check before a body is read, as one hook per route, in this order: the request id
  // (on every answer), the rate limit (a flood of unauthenticated requests is throttled
  // first), read access, cross-site and content-type checks.
  installRequestGate(fastify, [requestIdCheck, rateLimit, readAccessCheck(deps.config), crossSiteCheck()]);
  boundGraphqlDocuments(fastify);
  dropIdleCsrfHook(fastify);
  writeGraphqlResponses(fastify);
  guardGraphqlWs(fastify, deps.config, { ...DEFAULT_WS_LIMITS, ...options.wsLimits });
  requireWsDocumentText(fastify, GRAPHQL_PATH);
  capEventStreams(fastify, sseLimits.streams);
  fastify.addContentTypeParser('application/octet-stream', parseRawBlob);
  const conversion = app.get(ConversionService);
  const filterLogger = new NestLogger('HttpExceptionFilter');
  installRawConvertRoute(fastify, conversion, filterLogger);
  if (options.lanes !== false) {
    // The same gate as installRequestGate's checks above, as one predicate (lane-gate.ts).
    installRawConvertLane(fastify, {
      conversion,
      gate: laneGate(deps.config, buckets, CONVERT_ROUTE),
      latency: httpMetrics.route('POST', CONVERT_ROUTE),
      accessLog,
      taken: new CounterFamily(registry, 'vmcs12_http_lane_requests_total', 'Requests answered below Fastify by a lane: raw conversions (POST /convert, application/octet-stream)').bind({ lane: 'raw-convert' }),
      logger: filterLogger,
    });
  }
  // No app.enableShutdownHooks(): its listeners would also take SIGHUP (token reload, main.ts)
  // as a reason to exit; main.ts closes the app on SIGTERM/SIGINT itself.
  await app.init();
  app.get(OpenApiDocument).attach(app);
  return app;
}

// The router's own refusals, before any hook runs: a malformed URL, an over-long parameter.
function routerError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    sendLimit(reply, 414, 'uri_too_long', 'a path parameter is longer than 100 characters (layout names have at most 64)');
    return;
  }
  sendLimit(reply, error.statusCode && error.statusCode < 500 ? error.statusCode : 400, 'bad_request', `the URL is not valid: ${error.message}`);
}
