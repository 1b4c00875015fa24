import type { Identification } from '../../core/identify/identify';

// `identify` as text: the verdict, one row per candidate (like `show`, columns aligned), then
// the evidence of the first candidate and the failed checks of the others.
export function identificationTable(id: Identification): string {
  const lines = [`# revision ${id.revision}: ${id.verdict} (${id.reason})`];
  if (id.candidates.length === 0) {
    return lines.join('\n') + '\n';
  }
  const names = id.candidates.map((c) => c.name + (c.sameAs.length > 0 ? ` (= ${c.sameAs.join(', ')})` : ''));
  const width = Math.max(6, ...names.map((n) => n.length));
  lines.push(`  ${'score'.padStart(6)}  ${'layout'.padEnd(width)}  ${'lineage'.padEnd(12)}  checks`);
  id.candidates.forEach((c, i) => {
    const mark = c.plausible ? (i === 0 ? '*' : '?') : ' ';
    lines.push(`${mark} ${String(c.score).padStart(6)}  ${(names[i] ?? '').padEnd(width)}  ${(c.lineage ?? '-').padEnd(12)}  ${c.checks.passed} passed, ${c.checks.failed} failed`);
  });
  for (const [i, c] of id.candidates.entries()) {
    const shown = i === 0 ? c.evidence : c.evidence.filter((e) => !e.ok);
    if (shown.length === 0) {
      continue;
    }
    lines.push('', `# ${i === 0 ? 'evidence' : 'against'} ${c.name}`);
    const fw = Math.max(5, ...shown.map((e) => e.field.length));
    const cw = Math.max(5, ...shown.map((e) => e.check.length));
    for (const e of shown) {
      lines.push(`  ${e.ok ? 'ok  ' : 'FAIL'}  ${String(e.offset).padStart(5)}  ${e.field.padEnd(fw)}  ${e.check.padEnd(cw)}  ${e.detail}`);
    }
  }
  return lines.join('\n') + '\n';
}
