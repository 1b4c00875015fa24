// The target of `rel="next"` in an HTTP Link header (RFC 8288), as GET /events sends it when
// more of the log may follow: `</events?after=120&limit=500>; rel="next"`. Undefined when the
// header is absent or names no next page.
export function nextLink(header: string | null): string | undefined {
  if (header === null) {
    return undefined;
  }
  for (const entry of header.split(',')) {
    const match = /^\s*<([^>]*)>\s*;(.*)$/.exec(entry);
    if (match?.[2] !== undefined && /(^|;)\s*rel\s*=\s*"?next"?\s*(;|$)/i.test(match[2])) {
      return match[1];
    }
  }
  return undefined;
}
