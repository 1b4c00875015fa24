import { getJson, getJsonPage, postBytes, type JsonPage } from './http.js';
import type {
  CompatMatrix,
  CompatReport,
  ConversionPlan,
  ConversionResult,
  Identification,
  LayoutDetail,
  LayoutSummary,
  LineageSummary,
  StoredEvent,
} from './types.js';

// Every endpoint the dashboard reads, as relative same-origin URLs.
const seg = encodeURIComponent;
const EVENTS_PAGE = 500;

export function fetchLayouts(): Promise<LayoutSummary[]> {
  return getJson('/layouts');
}

export function fetchLayout(name: string): Promise<LayoutDetail> {
  return getJson(`/layouts/${seg(name)}`);
}

// The whole matrix, or the one restricted to some layouts (a lineage's).
export function fetchMatrix(names?: readonly string[]): Promise<CompatMatrix> {
  return getJson(names === undefined ? '/compat' : `/compat?layouts=${names.map(seg).join(',')}`);
}

export function fetchLineages(): Promise<LineageSummary[]> {
  return getJson('/lineages');
}

export function fetchReport(from: string, to: string): Promise<CompatReport> {
  return getJson(`/compat/${seg(from)}/${seg(to)}`);
}

export function fetchPlan(from: string, to: string): Promise<ConversionPlan> {
  return getJson(`/plans/${seg(from)}/${seg(to)}`);
}

export function converterUrl(from: string, to: string): string {
  return `/converters/${seg(from)}/${seg(to)}.c`;
}

// Pages through the log by the `Link: rel="next"` the service sends while more may follow;
// `after` is the last position already held (undefined: from the start, whatever the first
// position is). A short page is not the end: the service also ends a page at 1 MiB of JSON (the
// catalog's sources fill one long before `limit` events), and sends a next link then.
export async function fetchEventsAfter(after: number | undefined): Promise<StoredEvent[]> {
  const all: StoredEvent[] = [];
  let next: string | undefined = `/events?${after === undefined ? '' : `after=${after}&`}limit=${EVENTS_PAGE}`;
  while (next !== undefined) {
    const page: JsonPage<StoredEvent[]> = await getJsonPage(next);
    all.push(...page.body);
    next = page.next;
  }
  return all;
}

// `container`: the blob is a whole struct kvm_nested_state (?container=nested-state).
export async function convertBlob(from: string, to: string, blob: ArrayBuffer, strict: boolean, container = false): Promise<ConversionResult> {
  const params = [strict ? 'strict=true' : '', container ? 'container=nested-state' : ''].filter(Boolean);
  const query = params.length > 0 ? `?${params.join('&')}` : '';
  const response = await postBytes(`/convert/${seg(from)}/${seg(to)}${query}`, blob);
  const bytes = new Uint8Array(await response.arrayBuffer());
  return {
    bytes,
    lost: splitLostHeader(response.headers.get('x-lost-fields')),
    planId: response.headers.get('x-plan-id') ?? undefined,
    source: response.headers.get('x-source-layout') ?? undefined,
    sourceCandidates: splitLostHeader(response.headers.get('x-source-candidates')),
  };
}

// Which registered layout wrote this blob (POST /identify), with the evidence per candidate.
export async function identifyBlob(blob: ArrayBuffer): Promise<Identification> {
  const response = await postBytes('/identify', blob);
  return (await response.json()) as Identification;
}

// A comma-separated header (X-Lost-Fields, X-Source-Candidates) as a list.
function splitLostHeader(value: string | null): string[] {
  if (value === null) {
    return [];
  }
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
