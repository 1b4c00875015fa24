import { readdirSync, readFileSync } from 'node:fs';

// What an attack did to a service process, read from /proc: resident memory, descriptors, and
// /health/live's latency sampled while the attack ran.
export interface AttackFigures {
  attack: string;
  rssBeforeMb: number;
  rssPeakMb: number;
  rssAfterMb: number;
  fdsBefore: number;
  fdsPeak: number;
  fdsAfter: number;
  liveP50Ms: number;
  liveP99Ms: number;
  liveMaxMs: number;
  liveSamples: number;
  eventsAppended: number;
}

export interface ProcessState {
  rss: number;
  fds: number;
  events: number;
}

export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Math.round(Number(m?.[1] ?? 0) / 1024);
}

export function fdsInUse(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? NaN : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number);
}

export interface Samples {
  latencies: number[];
  rssPeak: number;
  fdsPeak: number;
}

// Samples /health/live one request at a time (each waits for the last), and the process's RSS
// and descriptors, until the returned function is called.
export function sample(url: string, pid: number): () => Promise<Samples> {
  let running = true;
  const samples: Samples = { latencies: [], rssPeak: 0, fdsPeak: 0 };
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      const res = await fetch(`${url}/health/live`).catch(() => undefined);
      await res?.arrayBuffer();
      samples.latencies.push(res?.status === 200 ? performance.now() - started : Number.POSITIVE_INFINITY);
      samples.rssPeak = Math.max(samples.rssPeak, rssMb(pid));
      samples.fdsPeak = Math.max(samples.fdsPeak, fdsInUse(pid));
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  return async () => {
    running = false;
    await loop;
    return samples;
  };
}

export function summarise(attack: string, before: ProcessState, s: Samples, after: ProcessState): AttackFigures {
  const sorted = [...s.latencies].sort((a, b) => a - b);
  const round = (n: number): number => Math.round(n * 10) / 10;
  return {
    attack,
    rssBeforeMb: before.rss,
    rssPeakMb: Math.max(s.rssPeak, before.rss, after.rss),
    rssAfterMb: after.rss,
    fdsBefore: before.fds,
    fdsPeak: Math.max(s.fdsPeak, before.fds, after.fds),
    fdsAfter: after.fds,
    liveP50Ms: round(percentile(sorted, 50)),
    liveP99Ms: round(percentile(sorted, 99)),
    liveMaxMs: round(sorted.at(-1) ?? NaN),
    liveSamples: sorted.length,
    eventsAppended: after.events - before.events,
  };
}
