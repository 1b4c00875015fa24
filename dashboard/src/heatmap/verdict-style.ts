import type { Verdict } from '../api/types.js';

export interface MarkStyle {
  glyph: string; // drawn in the cell: the verdict reads without colour
  label: string;
  description: string;
}

// One table for the heatmap cells, their ARIA labels and the legend, so they cannot disagree.
export const VERDICT_STYLE: Record<Verdict, MarkStyle> = {
  identical: { glyph: '=', label: 'Identical', description: 'same revision, size and data fields' },
  compatible: { glyph: '✓', label: 'Compatible', description: 'every data field has a place; some may move or widen' },
  lossy: { glyph: '−', label: 'Lossy', description: 'some data fields are missing or narrower in the target' },
};

export const CONFLICT_STYLE: MarkStyle = {
  glyph: '!',
  label: 'Revision conflict',
  description: 'same revision id, different bytes: a reader cannot tell the layouts apart',
};

const UNKNOWN_STYLE: MarkStyle = { glyph: '?', label: 'Unknown', description: 'the server gave no verdict' };

export function verdictStyle(verdict: string | undefined): MarkStyle {
  return verdict !== undefined && verdict in VERDICT_STYLE ? VERDICT_STYLE[verdict as Verdict] : UNKNOWN_STYLE;
}

export function verdictClass(verdict: string | undefined): string {
  return verdict !== undefined && verdict in VERDICT_STYLE ? verdict : 'unknown';
}
