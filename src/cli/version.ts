import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

// The package version, from the package.json above this file (src/ under jest, dist/src/ built).
export function cliVersion(): string {
  for (let dir = __dirname; dirname(dir) !== dir; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'vmcs12-registry' && typeof pkg.version === 'string') {
        return pkg.version;
      }
    }
  }
  return 'unknown';
}
