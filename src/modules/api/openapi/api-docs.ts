import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiResponse } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger';
import type { JsonSchema } from './json-schema';
import { view } from './view-schemas';
import type { ViewName } from './view-schemas';

// The OpenAPI decorators the REST controllers use: one operation, its body, its answers and
// the error bodies it can get, each an `{error, message, ...details}` (docs/API.md).

type Decorator = MethodDecorator & ClassDecorator;

const asSchema = (schema: JsonSchema): SchemaObject => schema as SchemaObject;

export function Operation(operationId: string, summary: string): MethodDecorator {
  return ApiOperation({ operationId, summary });
}

// A JSON answer: one view, or a list of them.
export function Returns(status: number, viewName: ViewName, description: string, options: { list?: boolean; headers?: Record<string, string> } = {}): Decorator {
  const schema = options.list ? { type: 'array', items: view(viewName) } : view(viewName);
  return ApiResponse({ status, description, schema: asSchema(schema), ...(options.headers ? { headers: headerObjects(options.headers) } : {}) });
}

// An answer in other media types (C text, raw bytes, Prometheus text, server-sent events).
export function ReturnsContent(status: number, description: string, content: Record<string, JsonSchema>, headers?: Record<string, string>): Decorator {
  const media = Object.fromEntries(Object.entries(content).map(([type, schema]) => [type, { schema: asSchema(schema) }]));
  return ApiResponse({ status, description, content: media, ...(headers ? { headers: headerObjects(headers) } : {}) });
}

export function Body(schema: JsonSchema, description: string, types: string[] = ['application/json']): MethodDecorator {
  return applyDecorators(ApiConsumes(...types), ApiBody({ schema: asSchema(schema), description, required: true }));
}

const WHEN: Record<number, string> = {
  400: 'invalid_input, parse_error (with line, column), invalid_layout, invalid_btf: the member at fault is named in `field`',
  401: 'unauthorized: no valid token (writes without WRITE_TOKENS come from loopback only; READS_OPEN=false closes reads too)',
  403: 'forbidden: a reader token on a write; cross_origin: a write from another site',
  404: 'not_found',
  409: 'conflict, policy_violation (with the findings and a hint), ambiguous_source (with the candidates)',
  413: "payload_too_large: the body is over the route's limit, which the message names",
  415: 'unsupported_media_type: send application/json (blobs: application/octet-stream)',
  422: 'invalid_blob (with the offset and what was expected), lossy_conversion (strict), unknown_source, idempotency_key_reused',
  429: 'rate_limited: Retry-After says when',
  503: 'unavailable (the database) or contended: Retry-After says when',
};

export function Errors(...statuses: (keyof typeof WHEN)[]): Decorator {
  return applyDecorators(...statuses.map((status) => ApiResponse({ status, description: WHEN[status], schema: asSchema(view('Error')) })));
}

// Every read answers these whatever the route: READS_OPEN=false, the rate limit, an outage.
export const READ_ERRORS = [401, 429, 503] as const;
// And every write these, before its own refusals.
export const WRITE_ERRORS = [401, 403, 413, 415, 422, 429, 503] as const;

function headerObjects(headers: Record<string, string>): Record<string, { description: string; schema: SchemaObject }> {
  return Object.fromEntries(Object.entries(headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }]));
}
