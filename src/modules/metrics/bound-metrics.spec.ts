import fc from 'fast-check';
import { Counter, Histogram, Registry } from 'prom-client';
import { CounterFamily, HistogramFamily } from './bound-metrics';

const BUCKETS = [0.001, 0.01, 0.1, 1];

// Label values as a client could make them: quotes, backslashes, newlines, non-ASCII.
const value = fc.string({ unit: fc.constantFrom('a', 'b', '"', '\\', '\n', 'é', '/', ':', ' '), maxLength: 6 });
const updates = fc.array(fc.record({ from: value, to: value, x: fc.double({ min: 0, max: 5, noNaN: true }) }), { maxLength: 30 });

describe('bound metric families', () => {
  it('expose what prom-client exposes for the same updates (labelled and not)', async () => {
    await fc.assert(
      fc.asyncProperty(updates, async (list) => {
        const ours = new Registry();
        const theirs = new Registry();
        const counter = new CounterFamily(ours, 'c_total', 'a counter');
        const plain = new CounterFamily(ours, 'p_total', 'unlabelled').bind();
        const histogram = new HistogramFamily(ours, 'h_seconds', 'a histogram', BUCKETS);
        const refCounter = new Counter({ name: 'c_total', help: 'a counter', labelNames: ['from', 'to'], registers: [theirs] });
        const refPlain = new Counter({ name: 'p_total', help: 'unlabelled', registers: [theirs] });
        const refHistogram = new Histogram({ name: 'h_seconds', help: 'a histogram', labelNames: ['from', 'to'], buckets: BUCKETS, registers: [theirs] });
        for (const { from, to, x } of list) {
          counter.bind({ from, to }).inc(x);
          plain.inc();
          histogram.bind({ from, to }).observe(x);
          refCounter.inc({ from, to }, x);
          refPlain.inc();
          refHistogram.observe({ from, to }, x);
        }
        expect(await ours.metrics()).toBe(await theirs.metrics());
        ours.resetMetrics();
        theirs.resetMetrics();
        counter.bind({ from: 'x', to: 'y' }).inc();
        refCounter.inc({ from: 'x', to: 'y' });
        // prom-client forgets labelled children on reset; ours restart at zero, which Prometheus
        // reads the same way (a counter reset), so only the unlabelled and the new series compare.
        const pick = (text: string): string[] => text.split('\n').filter((l) => l.startsWith('p_total') || l.includes('from="x",to="y"'));
        expect(pick(await ours.metrics())).toEqual(pick(await theirs.metrics()));
      }),
      { seed: 18, numRuns: 60 },
    );
  });

  it('binds a child once per label values: the same object, whatever order it is asked for in', () => {
    const family = new CounterFamily(new Registry(), 'x_total', 'x');
    const a = family.bind({ from: 'a', to: 'b' });
    expect(family.bind({ from: 'a', to: 'b' })).toBe(a);
    expect(family.bind({ from: 'b', to: 'a' })).not.toBe(a);
  });
});
