import { MAX_BTF_BASE_BYTES, MAX_BTF_MODULE_BYTES } from '../../core/formats/btf-format';
import { MAX_SOURCE_BYTES } from '../../core/formats/c-format';

const KIB = 1024;
const MIB = 1024 * KIB;

// struct kvm_nested_state as KVM_GET_NESTED_STATE returns it for VMX: the 128-byte header, the
// vmcs12 page and the shadow vmcs12 page. The largest blob the converter takes for a 4 KiB
// layout (?container=nested-state).
export const NESTED_STATE_MAX_BYTES = 128 + 2 * 4096;
// register-request's size bound: a layout may say its blobs are up to 64 KiB.
export const LAYOUT_SIZE_MAX_BYTES = 65536;
export const SOURCE_MAX_BYTES = MAX_SOURCE_BYTES; // 1 MiB of C text
// A BTF registration (format "btf") carries the module and the vmlinux BTF it is split over in
// base64, at the format's limits 4 MiB + 8 MiB: 16 MiB, and a mebibyte for the rest of the
// request. (C text: a megabyte of source escapes to well under two.) GraphQL's registerLayout
// carries the same members, so /graphql takes the same.
export const LAYOUT_BODY_LIMIT = base64Length(MAX_BTF_BASE_BYTES + MAX_BTF_MODULE_BYTES) + MIB;
// Deprecations, annotations (three strings of at most 2,000 characters), aliases, policy.
export const SMALL_BODY_LIMIT = 64 * KIB;
// Everything else, GraphQL included (registerLayout carries C text too).
export const DEFAULT_BODY_LIMIT = 2 * MIB;
// {"blob": "..."}: base64 makes 4 bytes of 3, and the envelope and whitespace get a kilobyte.
const JSON_ENVELOPE = KIB;

export function base64Length(bytes: number): number {
  return 4 * Math.ceil(bytes / 3);
}

export function jsonBlobLimit(rawBytes: number): number {
  return base64Length(rawBytes) + JSON_ENVELOPE;
}

// What POST /convert/:from/:to reads: a blob of the source layout's size, or a whole
// kvm_nested_state, whichever is larger; base64 in JSON accordingly. Anything up to the limit
// reaches the converter, which names the exact size it expected (422); beyond it, 413.
export function convertBodyLimit(fromLayoutSize: number | undefined, json: boolean): number {
  const raw = Math.max(NESTED_STATE_MAX_BYTES, fromLayoutSize ?? 0);
  return json ? jsonBlobLimit(raw) : raw;
}

export const CONVERT_ROUTE = '/convert/:from/:to';
export const REGISTER_ROUTE = '/layouts';

// Per-route limits on the bytes Fastify reads, by "METHOD url-pattern". The convert route's is
// the cap for its largest possible layout; its real limit depends on the layout and the
// content type, and is checked from Content-Length before a byte is read (request-checks.ts).
export const ROUTE_BODY_LIMITS: ReadonlyMap<string, number> = new Map([
  [`POST ${REGISTER_ROUTE}`, LAYOUT_BODY_LIMIT],
  ['POST /graphql', LAYOUT_BODY_LIMIT],
  [`POST ${CONVERT_ROUTE}`, jsonBlobLimit(LAYOUT_SIZE_MAX_BYTES)],
  // Identification reads what a conversion reads: the largest blob a layout may have, in JSON.
  ['POST /identify', jsonBlobLimit(LAYOUT_SIZE_MAX_BYTES)],
  ['POST /layouts/:name/deprecate', SMALL_BODY_LIMIT],
  ['POST /layouts/:name/annotations', SMALL_BODY_LIMIT],
  ['POST /aliases', SMALL_BODY_LIMIT],
  ['PUT /policy', SMALL_BODY_LIMIT],
  ['POST /reserved', SMALL_BODY_LIMIT],
  ['PUT /lineages/:name/policy', SMALL_BODY_LIMIT],
]);

const WRITE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// Every route that reads a body has its own limit above, or the service does not start: a
// write route added without one would read up to the default 2 MiB unnoticed. Called for each
// route as it is registered (install-limits.ts), so the error names the route.
export function requireBodyLimits(methods: readonly string[], url: string, limits: ReadonlyMap<string, number> = ROUTE_BODY_LIMITS): void {
  const missing = methods.filter((method) => WRITE_METHODS.has(method) && !limits.has(`${method} ${url}`));
  if (missing.length > 0) {
    const routes = missing.map((method) => `${method} ${url}`).join(', ');
    throw new Error(`${routes} has no body limit: add it to ROUTE_BODY_LIMITS in src/modules/limits/body-limits.ts`);
  }
}
