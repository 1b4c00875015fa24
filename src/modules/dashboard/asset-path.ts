import { extname, resolve, sep } from 'node:path';

// Only these files are ever served, each with its type: anything else under the assets
// folder (or outside it, via ../ or an encoded slash) is a 404, never a file read.
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.map': 'application/json; charset=utf-8',
};

export interface AssetFile {
  path: string;
  contentType: string;
}

export function resolveAsset(root: string, requested: string): AssetFile | undefined {
  if (requested === '' || requested.includes('\0') || requested.includes('\\')) {
    return undefined;
  }
  const contentType = CONTENT_TYPES[extname(requested).toLowerCase()];
  if (contentType === undefined) {
    return undefined;
  }
  const base = resolve(root);
  const path = resolve(base, requested);
  if (!path.startsWith(base + sep)) {
    return undefined;
  }
  return { path, contentType };
}
