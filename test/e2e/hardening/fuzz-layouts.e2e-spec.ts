import fc from 'fast-check';
import request from 'supertest';
import { FIELD_TYPES } from '../../../src/core/layouts/field-types';
import { layoutArb } from '../../support/layout-factory';
import { mutatedHeaderArb, randomCTextArb } from './support/c-mutations';
import { logState, logTail } from './support/event-log';
import type { LogState } from './support/event-log';
import { checkRegistration, predictRegistration } from './support/fuzz-oracle';
import { startHardeningApp } from './support/hardening-app';
import type { HardeningApp } from './support/hardening-app';

// Fixed run counts, not time limits: on a slow machine a run takes longer, it does not test less.
jest.setTimeout(600_000);

// POST /layouts with C text and JSON layouts the fuzzer builds: every answer must be the core's
// own verdict (the same 4xx and message, or a registration), never a 5xx, and the log must grow
// by exactly the registrations that were answered 201.

const hex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;
const revisionArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 0x7fffffff }).map(hex) },
  { weight: 1, arbitrary: fc.constantFrom('0x80000000', 'zz', '', '0x', 5, null, -1, '0X11E57ED0', '11e57ed0', '0x11e57ed0 ') },
);
const sizeArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.constantFrom(4096, 8, 7, 65536, 65537, 4095.5, '4096', null, -4096) },
);
const formatArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: fc.constant('c') },
  { weight: 1, arbitrary: fc.constantFrom(undefined, 'C', 'json', 'xml', 7) },
);
// Mostly fresh names; sometimes a name the catalog holds (409 conflict), sometimes no name.
const nameArb: fc.Arbitrary<'fresh' | 'taken' | unknown> = fc.oneof(
  { weight: 12, arbitrary: fc.constant('fresh') },
  { weight: 1, arbitrary: fc.constant('taken') },
  { weight: 1, arbitrary: fc.constantFrom(undefined, '', 'UPPER', 'a'.repeat(65), '-dash', 42) },
);

const identArb = fc.stringMatching(/^[a-z_][a-z0-9_]{0,16}$/);
const fieldArb = fc.record(
  {
    name: fc.oneof({ weight: 8, arbitrary: identArb }, { weight: 1, arbitrary: fc.constantFrom('', 'revision_id', '1abc', 'a b', 'padding') }, { weight: 1, arbitrary: fc.anything() }),
    type: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...FIELD_TYPES) }, { weight: 1, arbitrary: fc.constantFrom('u33', 'int', 'U32', '', null) }, { weight: 1, arbitrary: fc.anything() }),
    count: fc.oneof({ weight: 6, arbitrary: fc.constant(1) }, { weight: 2, arbitrary: fc.integer({ min: -2, max: 8 }) }, { weight: 1, arbitrary: fc.constantFrom(1e9, 2 ** 31, 2 ** 53, 1.5, '2', null) }),
    offset: fc.oneof({ weight: 6, arbitrary: fc.nat(4200) }, { weight: 1, arbitrary: fc.integer({ min: -64, max: -1 }) }, { weight: 1, arbitrary: fc.constantFrom(2 ** 32, 1e20, 0.5, '8', null) }),
    size: fc.oneof(fc.nat(64), fc.constant(-8)),
    role: fc.constantFrom('data', 'padding', 'view', 'header', 'bogus'),
  },
  { requiredKeys: ['name', 'type', 'offset'] },
);

// Valid packed layouts (which should register) and small perturbations of them: one offset
// moved into a neighbour, a count blown up, a field made negative.
const validFieldsArb = fc
  .tuple(layoutArb, fc.boolean())
  .map(([layout, withDerived]) => ({
    size: Math.max(8, layout.size),
    fields: layout.fields.map((f) => ({ name: f.name, type: f.type, count: f.count, offset: f.offset, ...(withDerived ? { size: f.size, role: f.role } : {}) })),
  }));
const perturbedFieldsArb = fc
  .tuple(validFieldsArb, fc.nat(), fc.constantFrom<[string, unknown]>(['offset', -4], ['offset', 1], ['offset', 2], ['count', 100_000], ['count', 0], ['type', 'u128'], ['name', 'revision_id']))
  .map(([v, at, [key, value]]) => {
    const i = v.fields.length > 1 ? 1 + (at % (v.fields.length - 1)) : 0;
    const field = v.fields[i] as Record<string, unknown>;
    field[key] = key === 'offset' && typeof value === 'number' && value > 0 ? (field.offset as number) + value : value;
    return v;
  });

const jsonBodyArb = fc.record(
  {
    revision: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 0x7fffffff }).map(hex) }, { weight: 1, arbitrary: revisionArb }),
    shape: fc.oneof(
      { weight: 3, arbitrary: validFieldsArb },
      { weight: 3, arbitrary: perturbedFieldsArb },
      { weight: 2, arbitrary: fc.record({ size: fc.constant(4096), fields: fc.array(fieldArb, { maxLength: 12 }) }) },
      { weight: 1, arbitrary: fc.record({ size: sizeArb, fields: fc.oneof(fc.anything(), fc.array(fc.anything(), { maxLength: 4 })) }) },
    ),
    format: fc.oneof({ weight: 8, arbitrary: fc.constant('json') }, { weight: 1, arbitrary: fc.constantFrom(undefined, 'JSON') }),
  },
  { requiredKeys: ['revision', 'shape'] },
);

// Each test stands alone: it counts its own outcomes and checks the log it leaves.
interface Tally {
  created: number;
  gated: number;
  refused: number;
}

describe('fuzzing POST /layouts', () => {
  let t: HardeningApp;
  let serial = 0;
  let log: LogState;

  beforeAll(async () => {
    t = await startHardeningApp();
  });
  afterAll(() => t.close());

  function named(body: Record<string, unknown>, name: unknown): Record<string, unknown> {
    const out: Record<string, unknown> = { ...body };
    if (name === 'fresh') {
      out.name = `fz-${process.pid}-${(serial += 1)}`;
    } else if (name === 'taken') {
      out.name = 'linux-v4.14';
    } else if (name !== undefined) {
      out.name = name;
    }
    for (const key of Object.keys(out)) {
      if (out[key] === undefined) {
        delete out[key];
      }
    }
    return out;
  }

  async function register(body: Record<string, unknown>, tally: Tally): Promise<void> {
    const prediction = predictRegistration(body);
    const before = log;
    const res = await request(t.http).post('/layouts').send(body);
    const after = (log = await logTail(t.http, before));
    if (body.name === 'linux-v4.14' && prediction.ok) {
      // The name is taken: the same content is a 200 without an event, other content a 409.
      expect([200, 409]).toContain(res.status);
      expect(after).toEqual(before);
      return;
    }
    checkRegistration(prediction, res, before, after);
    if (res.status === 201) {
      tally.created += 1;
      expect(res.body.name).toBe(body.name);
    } else if (res.status === 409) {
      tally.gated += 1;
    } else {
      tally.refused += 1;
    }
  }

  // Runs `numRuns` cases from the suite's seed; afterwards the whole chain verifies and holds
  // exactly one event per registration the test made.
  async function fuzz<Ts>(numRuns: number, property: (tally: Tally) => fc.IAsyncPropertyWithHooks<Ts>): Promise<Tally> {
    const tally: Tally = { created: 0, gated: 0, refused: 0 };
    const start = (log = await logState(t.http));
    await fc.assert(property(tally), { numRuns });
    expect(await logState(t.http)).toEqual(log);
    expect(log.events).toBe(start.events + tally.created);
    return tally;
  }

  it('answers mutated catalog headers as the parser does', async () => {
    const tally = await fuzz(300, (tally) =>
      fc.asyncProperty(mutatedHeaderArb, revisionArb, sizeArb, formatArb, nameArb, async (source, revision, size, format, name) => {
        await register(named({ format, source, revision, size }, name), tally);
      }),
    );
    expect([tally.created, tally.refused].map((n) => n > 0)).toEqual([true, true]);
  });

  it('answers text that was never a header with 4xx', async () => {
    const tally = await fuzz(150, (tally) =>
      fc.asyncProperty(randomCTextArb, revisionArb, async (source, revision) => {
        await register(named({ format: 'c', source, revision }, 'fresh'), tally);
      }),
    );
    expect(tally.refused).toBeGreaterThan(0);
  });

  it('answers JSON layouts of every shape as the JSON reader does', async () => {
    const tally = await fuzz(300, (tally) =>
      fc.asyncProperty(jsonBodyArb, nameArb, async (j, name) => {
        const shape = j.shape as { size?: unknown; fields?: unknown };
        await register(named({ format: j.format, revision: j.revision, size: shape.size, fields: shape.fields }, name), tally);
      }),
    );
    expect([tally.created, tally.refused].map((n) => n > 0)).toEqual([true, true]);
  });
});
