#!/usr/bin/env node
// Builds the dashboard into dist/dashboard: static files copied as they are, the browser
// TypeScript compiled by the project's own tsc (dashboard/tsconfig.json). Served by
// src/modules/dashboard at GET / and /dashboard/*.
//
// The build goes to a private folder that is then renamed into place, so a server (or a test
// run) reading dist/dashboard while someone else builds never sees it half-written.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const source = join(root, 'dashboard');
const out = join(root, 'dist', 'dashboard');
const staging = join(root, 'dist', `.dashboard-build-${process.pid}`);
const retired = join(root, 'dist', `.dashboard-old-${process.pid}`);
const STATIC = ['index.html', 'favicon.svg', 'styles'];

function build() {
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  for (const entry of STATIC) {
    const from = join(source, entry);
    if (!existsSync(from)) {
      throw new Error(`dashboard/${entry} is missing`);
    }
    cpSync(from, join(staging, entry), { recursive: true });
  }
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  // rootDir is the package root, so that the page can `import type` the API's view types from
  // src/contract; only the page's own output is kept, under js/ as before.
  const emitted = join(staging, 'tsc');
  execFileSync(process.execPath, [tsc, '-p', join(source, 'tsconfig.json'), '--outDir', emitted], { cwd: root, stdio: 'inherit' });
  renameSync(join(emitted, 'dashboard', 'src'), join(staging, 'js'));
  rmSync(emitted, { recursive: true, force: true });
  fixSourceMaps(join(staging, 'js'));
  swapIntoPlace();
}

// The maps were written two folders deeper (tsc/dashboard/src) than where they now are.
function fixSourceMaps(dir) {
  for (const entry of readdirSync(dir, { recursive: true })) {
    const file = join(dir, String(entry));
    if (file.endsWith('.js.map')) {
      const map = JSON.parse(readFileSync(file, 'utf8'));
      map.sources = map.sources.map((s) => s.replace(/^(\.\.\/){2}/, ''));
      writeFileSync(file, JSON.stringify(map));
    }
  }
}

// Another build may swap its own folder in between our two renames: move it aside and retry.
function swapIntoPlace() {
  for (let attempt = 0; ; attempt += 1) {
    try {
      if (existsSync(out)) {
        renameSync(out, `${retired}-${attempt}`);
      }
      renameSync(staging, out);
      break;
    } catch (error) {
      const code = /** @type {NodeJS.ErrnoException} */ (error).code;
      if (attempt >= 5 || !['ENOENT', 'ENOTEMPTY', 'EEXIST'].includes(code ?? '')) {
        throw error;
      }
    }
  }
  for (let attempt = 0; attempt <= 5; attempt += 1) {
    rmSync(`${retired}-${attempt}`, { recursive: true, force: true });
  }
}

try {
  build();
} catch (error) {
  rmSync(staging, { recursive: true, force: true });
  console.error(`build-dashboard: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  process.exitCode = 1;
}
