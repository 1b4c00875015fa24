#!/usr/bin/env node
// Builds the dashboard into dist/dashboard: static files copied as they are, the browser
// TypeScript compiled by the project's own tsc (dashboard/tsconfig.json). Served by
// src/modules/dashboard at GET / and /dashboard/*.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'dashboard');
const out = join(root, 'dist', 'dashboard');
const STATIC = ['index.html', 'favicon.svg', 'styles'];

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const entry of STATIC) {
  const from = join(source, entry);
  if (!existsSync(from)) {
    throw new Error(`dashboard/${entry} is missing`);
  }
  cpSync(from, join(out, entry), { recursive: true });
}

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
try {
  execFileSync(process.execPath, [tsc, '-p', join(source, 'tsconfig.json')], { cwd: root, stdio: 'inherit' });
} catch {
  process.exitCode = 1;
  console.error('build-dashboard: tsc reported errors (see above)');
}
