// The open pair lives in the URL (#pair/<from>/<to>) so it can be linked and Back closes it.
export interface PairRoute {
  from: string;
  to: string;
}

const PREFIX = '#pair/';

export function readPairRoute(hash: string): PairRoute | undefined {
  if (!hash.startsWith(PREFIX)) {
    return undefined;
  }
  const [from, to, ...rest] = hash.slice(PREFIX.length).split('/');
  if (from === undefined || to === undefined || from === '' || to === '' || rest.length > 0) {
    return undefined;
  }
  try {
    return { from: decodeURIComponent(from), to: decodeURIComponent(to) };
  } catch {
    return undefined;
  }
}

export function pairHash(from: string, to: string): string {
  return `${PREFIX}${encodeURIComponent(from)}/${encodeURIComponent(to)}`;
}
