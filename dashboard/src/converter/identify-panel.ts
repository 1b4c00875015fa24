import type { Identification, IdentifyCandidate } from '../api/types.js';
import { h } from '../dom/h.js';

// What POST /identify said about the chosen file: the verdict and why, each candidate with its
// score (and the layouts no byte of this blob tells apart), and the evidence: every check of
// the first candidate, the failed checks of the others.
export function identifyPanel(id: Identification): HTMLElement {
  const verdict = h(
    'p',
    { class: `identify__verdict identify__verdict--${id.verdict}`, 'data-verdict': id.verdict },
    h('strong', {}, `Source layout ${id.verdict}`),
    ` · revision ${id.revision} · ${id.reason}`,
  );
  const rows = id.candidates.map((c, i) =>
    h(
      'li',
      { class: c.plausible ? 'identify__candidate identify__candidate--plausible' : 'identify__candidate', 'data-candidate': c.name },
      h('strong', {}, c.name),
      c.sameAs.length > 0 ? ` (= ${c.sameAs.join(', ')})` : '',
      ` · score ${c.score} · ${c.checks.passed} passed, ${c.checks.failed} failed${c.lineage === null ? '' : ` · ${c.lineage}`}`,
      evidenceDetails(c, i === 0),
    ),
  );
  return h('div', { class: 'identify', id: 'convert-identify' }, verdict, h('ol', { class: 'identify__candidates' }, ...rows));
}

function evidenceDetails(c: IdentifyCandidate, first: boolean): HTMLElement | undefined {
  const shown = first ? c.evidence : c.evidence.filter((e) => !e.ok);
  if (shown.length === 0) {
    return undefined;
  }
  const table = h(
    'table',
    { class: 'identify__evidence', 'data-evidence': c.name },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, ''), h('th', { scope: 'col' }, 'offset'), h('th', { scope: 'col' }, 'field'), h('th', { scope: 'col' }, 'check'), h('th', { scope: 'col' }, 'detail'))),
    h(
      'tbody',
      {},
      ...shown.map((e) =>
        h(
          'tr',
          { class: e.ok ? 'identify__ok' : 'identify__fail' },
          h('td', {}, e.ok ? '✓' : '✗'),
          h('td', { class: 'num' }, e.offset),
          h('td', {}, h('code', {}, e.field)),
          h('td', {}, e.check),
          h('td', {}, e.detail),
        ),
      ),
    ),
  );
  return h('details', { open: first }, h('summary', {}, first ? `Evidence (${shown.length} checks)` : `Against (${shown.length} failed checks)`), table);
}
