import { readFileSync } from 'node:fs';

// Where a service's CPU goes, from a V8 .cpuprofile (node --cpu-prof; the load bench's
// --profile DIR writes one, with windows.json naming when each endpoint was under load):
// self-time shares by layer (a package under node_modules, Node's internals, the project's
// own code, GC, idle) and the functions with the most self and inclusive time. Shares, unlike
// seconds, hold up on a busy machine: they say what the process did while it ran.
//   node dist/bench/profile-shares.js PROFILE.cpuprofile [--window convert-raw] [--top 25]
interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface Shares {
  total: number; // µs of samples counted
  layers: Array<[string, number]>; // self time per layer, µs, largest first
  self: Array<[string, number]>;
  inclusive: Array<[string, number]>;
}

export function layerOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (url === '') {
    return functionName.startsWith('(') ? functionName : '(native)';
  }
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) {
    return pkg[1] as string;
  }
  if (url.startsWith('node:')) {
    return `node:${url.slice(5).split('/').slice(0, 2).join('/')}`;
  }
  const own = /\/dist\/((?:src|bench)\/(?:[^/]+\/)?[^/]+)/.exec(url);
  return own ? (own[1] as string) : url;
}

function label(frame: CallFrame): string {
  const where = frame.url.replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, '');
  return `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}`;
}

function sorted(m: Map<string, number>): Array<[string, number]> {
  return [...m].sort((a, b) => b[1] - a[1]);
}

function add(m: Map<string, number>, key: string, us: number): void {
  m.set(key, (m.get(key) ?? 0) + us);
}

export type Window = Array<[number, number]>;

// Samples inside the windows' [from, to] ranges (the profile's clock: microseconds of
// CLOCK_MONOTONIC, as Node's process.hrtime), or all of them.
export function shares(profile: Profile, window?: Window): Shares {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) {
    for (const c of n.children ?? []) {
      parent.set(c, n.id);
    }
  }
  const layers = new Map<string, number>();
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    const us = profile.timeDeltas[i + 1] ?? 0; // a sample stands for the time until the next
    if (window && !window.some(([from, to]) => t >= from && t <= to)) {
      continue;
    }
    const node = byId.get(profile.samples[i] as number);
    if (!node) {
      continue;
    }
    total += us;
    add(layers, layerOf(node.callFrame), us);
    add(self, label(node.callFrame), us);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const frame = (byId.get(id) as ProfileNode).callFrame;
      const key = label(frame);
      if (!seen.has(key)) {
        seen.add(key);
        add(inclusive, key, us);
      }
    }
  }
  return { total, layers: sorted(layers), self: sorted(self), inclusive: sorted(inclusive) };
}

function main(argv: string[]): void {
  const file = argv[0];
  if (!file) {
    throw new Error('usage: profile-shares PROFILE.cpuprofile [--window KEY] [--top N]');
  }
  let window: Window | undefined;
  let top = 25;
  for (let i = 1; i < argv.length; i += 2) {
    if (argv[i] === '--window') {
      const windows = JSON.parse(readFileSync(`${file.replace(/[^/]*$/, '')}windows.json`, 'utf8')) as Record<string, Window>;
      window = windows[argv[i + 1] as string];
      if (!window) {
        throw new Error(`no window ${argv[i + 1]} in windows.json (${Object.keys(windows).join(', ')})`);
      }
    } else if (argv[i] === '--top') {
      top = Number(argv[i + 1]);
    }
  }
  const s = shares(JSON.parse(readFileSync(file, 'utf8')) as Profile, window);
  const pct = (us: number): string => `${((100 * us) / s.total).toFixed(1).padStart(5)}%`;
  console.log(`${(s.total / 1e6).toFixed(2)} s of samples${window ? ` in window ${argv[argv.indexOf('--window') + 1]}` : ''}`);
  console.log('self time by layer:');
  s.layers.slice(0, top).forEach(([k, us]) => console.log(`  ${pct(us)}  ${k}`));
  console.log('self time by function:');
  s.self.slice(0, top).forEach(([k, us]) => console.log(`  ${pct(us)}  ${k}`));
  console.log('inclusive time by function:');
  s.inclusive.slice(0, top * 2).forEach(([k, us]) => console.log(`  ${pct(us)}  ${k}`));
}

if (require.main === module) {
  main(process.argv.slice(2));
}
