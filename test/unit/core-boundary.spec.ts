import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

// The pure core must stay usable from a CLI or a worker: no Nest, no Prisma, no network, no
// environment, and nothing from the glue layers. Scanned here rather than only linted, so a
// disable comment cannot hide a breach.
const CORE = join(__dirname, '..', '..', 'src', 'core');
const FORBIDDEN = [/^@nestjs\//, /^@prisma\//, /^node:(http|https|net|dgram|tls)$/, /^(http|https|net|dgram|tls)$/, /^pg$/, /modules\//, /infra\//, /generated\//];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      return sources(path);
    }
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

function imports(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    found.push((m[1] ?? m[2] ?? m[3]) as string);
  }
  return found;
}

describe('the pure core', () => {
  const files = sources(CORE);

  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(30);
  });

  it.each(files.map((f) => [relative(CORE, f), f]))('%s imports nothing from Nest, Prisma, the network or the glue', (_name, file) => {
    const bad = imports(readFileSync(file, 'utf8')).filter((spec) => FORBIDDEN.some((re) => re.test(spec)));
    expect(bad).toEqual([]);
  });

  it.each(files.map((f) => [relative(CORE, f), f]))('%s does not read process.env', (_name, file) => {
    expect(readFileSync(file, 'utf8')).not.toMatch(/process\.env/);
  });

  it('would catch a forbidden import', () => {
    expect(imports("import { Injectable } from '@nestjs/common';\nconst x = require('node:net');")).toEqual(['@nestjs/common', 'node:net']);
  });
});
