import type { Registry } from 'prom-client';

// Prometheus counters and histograms whose children are bound to their label values once, when
// a route or a layout pair is first seen, and then updated with a field write on the request's
// path. prom-client's own inc()/observe() take a labels object per call and validate, sort and
// hash it into a key every time: allocation and string hashing on every request. Here nothing
// is allocated or hashed per update; the exposition (the same text prom-client writes) is built
// only when /metrics is scraped.

interface Sample {
  metricName: string;
  labels: Record<string, string | number>;
  value: number;
}

interface MetricJson {
  name: string;
  help: string;
  type: string;
  aggregator: string;
  values: Sample[];
}

type Labels = Readonly<Record<string, string>>;

// Children by label values, kept in first-bound order (the order prom-client exposes them in).
abstract class Family<C> {
  readonly aggregator = 'sum';
  private readonly children = new Map<string, { labels: Labels; child: C }>();

  protected constructor(
    registry: Registry,
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'histogram',
  ) {
    registry.registerMetric(this as never);
  }

  // Once per route or pair, not per request: the key is built and hashed here only.
  bind(labels: Labels = {}): C {
    const key = JSON.stringify(Object.values(labels));
    let entry = this.children.get(key);
    if (entry === undefined) {
      entry = { labels, child: this.create() };
      this.children.set(key, entry);
    }
    return entry.child;
  }

  get(): MetricJson {
    const values: Sample[] = [];
    for (const { labels, child } of this.children.values()) {
      this.samples(labels, child, values);
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  // prom-client calls this on Registry.resetMetrics(); children stay bound and restart at zero.
  reset(): void {
    for (const { child } of this.children.values()) {
      this.clear(child);
    }
  }

  protected abstract create(): C;
  protected abstract samples(labels: Labels, child: C, into: Sample[]): void;
  protected abstract clear(child: C): void;
}

export class CounterChild {
  value = 0;

  inc(n = 1): void {
    this.value += n;
  }
}

export class CounterFamily extends Family<CounterChild> {
  constructor(registry: Registry, name: string, help: string) {
    super(registry, name, help, 'counter');
  }

  protected create(): CounterChild {
    return new CounterChild();
  }

  protected samples(labels: Labels, child: CounterChild, into: Sample[]): void {
    into.push({ metricName: this.name, labels, value: child.value });
  }

  protected clear(child: CounterChild): void {
    child.value = 0;
  }
}

export class HistogramChild {
  readonly counts: Float64Array; // per bucket, not cumulative; the last one is +Inf
  sum = 0;
  count = 0;

  constructor(private readonly buckets: readonly number[]) {
    this.counts = new Float64Array(buckets.length + 1);
  }

  observe(value: number): void {
    const buckets = this.buckets;
    let i = 0;
    while (i < buckets.length && value > (buckets[i] as number)) {
      i++;
    }
    this.counts[i] = (this.counts[i] as number) + 1;
    this.sum += value;
    this.count += 1;
  }
}

export class HistogramFamily extends Family<HistogramChild> {
  constructor(
    registry: Registry,
    name: string,
    help: string,
    readonly buckets: readonly number[],
  ) {
    super(registry, name, help, 'histogram');
  }

  protected create(): HistogramChild {
    return new HistogramChild(this.buckets);
  }

  protected samples(labels: Labels, child: HistogramChild, into: Sample[]): void {
    let cumulative = 0;
    this.buckets.forEach((le, i) => {
      cumulative += child.counts[i] as number;
      into.push({ metricName: `${this.name}_bucket`, labels: { le, ...labels }, value: cumulative });
    });
    into.push({ metricName: `${this.name}_bucket`, labels: { le: '+Inf', ...labels }, value: child.count });
    into.push({ metricName: `${this.name}_sum`, labels, value: child.sum });
    into.push({ metricName: `${this.name}_count`, labels, value: child.count });
  }

  protected clear(child: HistogramChild): void {
    child.counts.fill(0);
    child.sum = 0;
    child.count = 0;
  }
}
