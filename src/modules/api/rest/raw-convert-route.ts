import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '@nestjs/common';
import { CONVERT_ROUTE } from '../../limits/body-limits';
import type { ConversionService } from '../../compat/conversion.service';
import { sendHttpError } from '../errors/http-exception.filter';
import { answerConversion } from './convert-handler';
import { contentTypeOf } from '../../limits/limit-reply';
import { RAW_MEDIA_TYPE } from './blob-body';

// POST /convert/:from/:to with a raw body (application/octet-stream) as a plain Fastify route,
// beside the Nest controller's route of the same path, which keeps JSON bodies and the OpenAPI
// operation. Raw conversion is the hot path (issue 18), and on it Nest's per-request wrapping
// (its router proxy, execution context, parameter resolution and exception zone) costs more
// than the whole conversion: `load.bench.js --stack` measures a bare Nest route against a bare
// Fastify route (figures in BENCHMARKS.md, "Fifth look"). Everything else is the same for both routes: the request gate, body limits and
// deadlines, the access log and metrics are added by onRoute hooks to every route of the path;
// the handler is answerConversion; errors are answered by the exception filter's own function.
//
// Fastify picks the route by a constraint on the request's media type (the router derives it
// once per request; a request whose media type is not raw goes to the unconstrained Nest route).
const CONSTRAINT = 'blobBody';
const RAW = 'raw';

export function installRawConvertRoute(fastify: FastifyInstance, conversion: ConversionService, logger: Pick<Logger, 'error'>): void {
  fastify.addConstraintStrategy({
    name: CONSTRAINT,
    storage() {
      const stores = new Map<string, unknown>();
      return {
        get: (value: string) => stores.get(value) ?? null,
        set: (value: string, store: unknown) => void stores.set(value, store),
      };
    },
    deriveConstraint: (request: { headers: Record<string, string | string[] | undefined> }) => {
      // Every request to the service passes here: the exact header is compared first, and
      // only another spelling is parsed.
      const type = request.headers['content-type'];
      return type === RAW_MEDIA_TYPE || (typeof type === 'string' && contentTypeOf(type) === RAW_MEDIA_TYPE) ? RAW : undefined;
    },
    mustMatchWhenDerived: false,
  } as never);
  fastify.route({
    method: 'POST',
    url: CONVERT_ROUTE,
    constraints: { [CONSTRAINT]: RAW },
    handler(request: FastifyRequest, reply: FastifyReply): void {
      const { from, to } = request.params as { from: string; to: string };
      const fail = (err: unknown): void => sendHttpError(reply, err, logger);
      try {
        answerConversion(conversion, from, to, request, reply)?.catch(fail);
      } catch (err) {
        fail(err);
      }
    },
  });
}
