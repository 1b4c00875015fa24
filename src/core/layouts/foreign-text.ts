import { parseError } from './parse-error';

// Text that is not C at all, recognised before the lexer turns it into confusing messages
// (`unknown type "<"`, "no struct vmcs12 found"): a file left mid-merge, as seen in a real public
// tree, and a Git LFS pointer checked out without `git lfs pull`.
const LFS_POINTER = /^version https:\/\/git-lfs\.github\.com\/spec\/v1\r?\n(?:[\s\S]*?^oid (\S+)\r?$)?(?:[\s\S]*?^size (\d+)\r?$)?/m;
const CONFLICT_MARKER = /^(<{7}|\|{7}|={7}|>{7})(?=[ \t\r]|$)/m;

export function refuseForeignText(text: string): void {
  const lfs = LFS_POINTER.exec(text);
  if (lfs && lfs.index === 0) {
    const what = [lfs[1] ? `oid ${lfs[1]}` : '', lfs[2] ? `size ${lfs[2]} bytes` : ''].filter(Boolean).join(', ');
    throw parseError(`this is a Git LFS pointer file${what ? ` (${what})` : ''}, not the C text it stands for: fetch the real file with "git lfs pull"`, { line: 1, column: 1 });
  }
  const marker = CONFLICT_MARKER.exec(text);
  if (marker) {
    const line = text.slice(0, marker.index).split('\n').length;
    const kind = { '<': 'start', '|': 'base', '=': 'separator', '>': 'end' }[marker[1]?.[0] as '<' | '|' | '=' | '>'];
    throw parseError(`unresolved merge conflict: a "${marker[1] as string}" marker (the conflict's ${kind}); resolve the conflict and check again`, { line, column: 1 });
  }
}
