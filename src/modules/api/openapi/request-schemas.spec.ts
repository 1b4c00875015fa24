import Ajv2020 from 'ajv/dist/2020';
import fc from 'fast-check';
import { decideReserved } from '../../../core/events/decide';
import { parsePolicy } from '../../../core/policy/registration-policy';
import { initialRegistryState } from '../../../core/projections/registry-state';
import { parseAlias, parseAnnotation, parseDeprecation } from '../../../core/registry/governance-request';
import { decodeBase64Blob } from '../requests/blob-input';
import { ALIAS_REQUEST, ANNOTATE_REQUEST, BLOB_REQUEST, DEPRECATE_REQUEST, LINEAGE_POLICY_REQUEST, POLICY_REQUEST, RESERVED_REQUEST } from './request-schemas';
import type { JsonSchema } from './json-schema';

// The OpenAPI request schemas against the validators every transport runs (the core's): for
// generated bodies, the schema accepts exactly what the validator accepts, so the document
// neither promises a body the service refuses nor hides one it takes. Text is drawn from
// characters both count alike (no NUL, surrogates or astral characters: the validator counts
// UTF-16 units and refuses unstorable text, which request-schemas.ts says in prose).

const ajv = new Ajv2020({ strict: false, validateFormats: false });

function accepts(validate: () => unknown): boolean {
  try {
    validate();
    return true;
  } catch {
    return false;
  }
}

// The edges every run checks, whatever the generator draws: each side of a length limit,
// white space only, empty, not a string.
function agree(schema: JsonSchema, body: fc.Arbitrary<unknown>, validator: (body: unknown) => unknown, edges: unknown[] = []): void {
  const valid = ajv.compile(schema);
  fc.assert(
    fc.property(body, (b) => {
      expect([b, valid(b)]).toEqual([b, accepts(() => validator(b))]);
    }),
    { numRuns: 400, examples: edges.map((edge) => [edge]) },
  );
}

const TEXT_EDGES = (limit: number): unknown[] => ['', ' ', '\t\n', 'x', ' x ', 'x'.repeat(limit), 'x'.repeat(limit + 1), ' '.repeat(limit), null, 7, true];
const IDENTIFIER_EDGES = ['', 'a', '_', '1a', 'a-b', 'a'.repeat(128), 'a'.repeat(129), 'é', null, 7];
const with_ = (key: string, values: unknown[]): unknown[] => [...values.map((v) => ({ [key]: v })), {}, null, [], 'x'];

// Short strings from an alphabet that hits every class the validators tell apart, and long ones
// around the length limits.
const CHARS = ['a', 'Z', '_', '0', '9', ' ', '\t', '\n', '-', '.', 'é', '+', '/', '='];
const shortText = fc.array(fc.constantFrom(...CHARS), { maxLength: 8 }).map((cs) => cs.join(''));
const aroundLimit = (limit: number): fc.Arbitrary<string> =>
  fc.tuple(fc.constantFrom('a', '_', ' '), fc.integer({ min: limit - 2, max: limit + 2 })).map(([c, n]) => (c === ' ' ? 'x' : '') + c.repeat(Math.max(0, n - 1)));
const text = (limit: number): fc.Arbitrary<string> => fc.oneof(shortText, aroundLimit(limit));
const value = (limit: number): fc.Arbitrary<unknown> => fc.oneof(text(limit), fc.constant(null), fc.integer(), fc.boolean(), fc.constant(['a']), fc.constant({}));
const member = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined, freq: 4 });
const notAnObject = fc.oneof(fc.constant(null), fc.integer(), shortText, fc.constant([]));

describe('request schemas agree with the validators', () => {
  it('PUT /policy', () => {
    const mode = fc.oneof(fc.constantFrom('none', 'backward', 'forward', 'full', 'Full', ''), value(8));
    const sameRevision = fc.oneof(fc.constantFrom('in-place', 'in-place-all', 'any', 'inplace'), value(8));
    const body = fc.oneof(fc.record({ mode: member(mode), transitive: member(fc.oneof(fc.boolean(), value(4))), sameRevision: member(sameRevision), extra: member(value(4)) }, { requiredKeys: [] }), notAnObject);
    const valid = { mode: 'full', transitive: true, sameRevision: 'any' };
    const policyEdges = [valid, { ...valid, extra: 1 }, { ...valid, mode: 'Full' }, { ...valid, transitive: 'true' }, { ...valid, sameRevision: undefined }, {}, null, []];
    agree(POLICY_REQUEST, body, parsePolicy, policyEdges);
    agree(LINEAGE_POLICY_REQUEST, fc.oneof(body, fc.constant(null)), (b) => (b === null ? null : parsePolicy(b)));
  });

  it('POST /aliases and POST /reserved', () => {
    const identifier = fc.oneof(text(128), fc.constantFrom('guest_rip', '_x1', '1x', 'a-b'), value(128));
    const aliases = fc.oneof(fc.record({ from: member(identifier), to: member(identifier) }, { requiredKeys: [] }), notAnObject);
    const aliasEdges = [...IDENTIFIER_EDGES.map((from) => ({ from, to: 'x' })), ...IDENTIFIER_EDGES.map((to) => ({ from: 'x', to })), {}, null];
    agree(ALIAS_REQUEST, aliases, (b) => parseAlias((b as { from?: unknown } | null)?.from, (b as { to?: unknown } | null)?.to), aliasEdges);
    const reserved = fc.oneof(fc.record({ name: member(identifier), reason: member(fc.oneof(text(1000), value(1000))) }, { requiredKeys: [] }), notAnObject);
    agree(RESERVED_REQUEST, reserved, (b) => {
      const body = b as { name?: unknown; reason?: unknown } | null;
      return decideReserved({ name: body?.name as string, reason: body?.reason as string }, initialRegistryState());
    }, [...IDENTIFIER_EDGES.map((name) => ({ name, reason: 'r' })), ...TEXT_EDGES(1000).map((reason) => ({ name: 'x', reason })), {}, null]);
  });

  it('POST /layouts/:name/deprecate', () => {
    const body = fc.oneof(fc.record({ reason: member(fc.oneof(text(1000), value(1000))) }, { requiredKeys: [] }), notAnObject);
    agree(DEPRECATE_REQUEST, body, (b) => parseDeprecation('some-layout', (b as { reason?: unknown } | null)?.reason), with_('reason', TEXT_EDGES(1000)));
  });

  // A body that is not an object is read as {} (nothing to change): only objects are compared.
  it('POST /layouts/:name/annotations', () => {
    const annotation = member(fc.oneof(text(2000), value(2000)));
    const body = fc.record({ kernel: annotation, commit: annotation, notes: annotation }, { requiredKeys: [] });
    agree(ANNOTATE_REQUEST, body, (b) => parseAnnotation('some-layout', b), [...with_('notes', TEXT_EDGES(2000)), ...with_('kernel', TEXT_EDGES(2000))].filter((b) => typeof b === 'object' && b !== null && !Array.isArray(b)));
  });

  it('POST /convert and /identify with JSON: padded standard base64', () => {
    const base64ish = fc.array(fc.constantFrom('A', 'z', '0', '+', '/', '=', '-', '_', ' '), { maxLength: 12 }).map((cs) => cs.join(''));
    const realBase64 = fc.uint8Array({ maxLength: 10 }).map((bytes) => Buffer.from(bytes).toString('base64'));
    const body = fc.oneof(fc.record({ blob: member(fc.oneof(base64ish, realBase64, value(8))) }, { requiredKeys: [] }), notAnObject);
    const json = (BLOB_REQUEST.oneOf ?? [])[0]!;
    const edges = with_('blob', ['', 'AA==', 'AAA=', 'AAAA', 'A===', '====', 'AA=A', 'AAAAAA==', 'AAAAA===', 'AB', '-_-_', null, 4]);
    agree(json, body, (b) => decodeBase64Blob((b as { blob?: unknown } | null)?.blob), edges);
  });
});
