import { readFileSync } from 'node:fs';

// One endpoint's figures in one round.
export interface Run {
  key: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  cpuUsPerReq?: number; // the server process's user+system CPU per request, when its pid is known
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length === 0 ? NaN : s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

// Medians over rounds of each figure, and of each round's ratio to a reference endpoint in the
// same round: a neighbour's load on a shared machine weighs on both sides of a ratio alike,
// which is why ratios are taken per round before the median, not between two medians.
export class Rounds {
  private readonly rounds: Array<Map<string, Run>> = [];

  add(round: Run[]): void {
    this.rounds.push(new Map(round.map((r) => [r.key, r])));
  }

  get count(): number {
    return this.rounds.length;
  }

  all(key: string): Run[] {
    return this.rounds.flatMap((r) => r.get(key) ?? []);
  }

  median(key: string, figure: (r: Run) => number | undefined): number {
    return median(this.all(key).flatMap((r) => figure(r) ?? []));
  }

  ratio(key: string, reference: string, figure: (r: Run) => number | undefined): number {
    return median(
      this.rounds.flatMap((round) => {
        const a = round.get(key);
        const b = round.get(reference);
        const x = a && figure(a);
        const y = b && figure(b);
        return x !== undefined && y !== undefined && y > 0 ? [x / y] : [];
      }),
    );
  }

  errors(key: string): number {
    return this.all(key).reduce((n, r) => n + r.errors, 0);
  }
}

// User+system CPU of a process in microseconds, from /proc (Linux); undefined elsewhere.
export function cpuMicros(pid: number | undefined): number | undefined {
  if (pid === undefined) {
    return undefined;
  }
  try {
    // Fields after the command name (which may hold spaces, hence the last ')'): utime is the
    // 12th and stime the 13th, in clock ticks of 10 ms on Linux.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return undefined;
  }
}
