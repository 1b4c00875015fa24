import { describeError } from './api/http.js';
import { fetchEventsAfter, fetchLayouts, fetchLineages, fetchMatrix } from './api/registry-api.js';
import type { LineageSummary, StoredEvent } from './api/types.js';
import { ConverterView } from './converter/converter-view.js';
import { byId, h } from './dom/h.js';
import { plural } from './format/format.js';
import { renderLegend } from './heatmap/legend-view.js';
import { HeatmapView } from './heatmap/heatmap-view.js';
import { LineageView } from './lineage/lineage-view.js';
import { EventFeed } from './live/event-feed.js';
import { announce, showFeedStatus } from './live/live-status.js';
import { PairView } from './pair/pair-view.js';
import { pairHash, readPairRoute } from './router/pair-route.js';
import { Store } from './state/store.js';
import { describeEvent } from './timeline/describe-event.js';
import { TimelineView } from './timeline/timeline-view.js';

// Wires the views to the store, the URL and the live feed. Views never fetch the catalog
// themselves: the store is refreshed once per burst of catalog-changing events.
const CATALOG_EVENTS = new Set(['LayoutRegistered', 'LayoutDeprecated', 'LayoutAnnotated', 'FieldAliasDeclared', 'ReservedNameDeclared', 'LineagePolicyChanged']);

const store = new Store();
const findLayoutSummary = (name: string) => store.layout(name);
const announcer = byId('announcer');
const appError = byId('app-error');
let focusPairOnRoute = false;
let lastPair: { from: string; to: string } | undefined;

const heatmap = new HeatmapView(byId('heatmap-body'), (from, to) => navigateToPair(from, to));
byId('heatmap-legend').append(renderLegend());
const timeline = new TimelineView(byId('timeline-body'), findLayoutSummary, (name) => heatmap.revealLayout(name));
const lineages = new LineageView(byId('lineage-body'), (lineage) => void showLineage(lineage), (from, to) => navigateToPair(from, to));
const converter = new ConverterView(byId('converter-body'));
const pair = new PairView(byId('pair'), {
  close: () => closePair(),
  open: (from, to) => navigateToPair(from, to),
  useInConverter: (from, to) => converter.preset(from, to),
});
const feed = new EventFeed(
  () => store.lastPosition(),
  (events) => store.addEvents(events, false),
  (status) => showFeedStatus(byId('live-status'), status),
);

store.on((change) => {
  if (change.kind === 'catalog') {
    void showLineage(lineages.selected());
    converter.setLayouts(store.layouts);
  } else if (change.initial) {
    timeline.showAll(store.events);
  } else {
    timeline.prepend(change.added);
    announceEvents(change.added);
    if (change.added.some((e) => CATALOG_EVENTS.has(e.type))) {
      scheduleCatalogRefresh();
    }
  }
  updateStats();
});

// The matrix and the timeline of one lineage (the matrix restricted to its layouts), or of all.
async function showLineage(lineage: LineageSummary | undefined): Promise<void> {
  timeline.filterLayouts(lineage === undefined ? undefined : new Set(lineage.layouts));
  try {
    const matrix = lineage === undefined ? store.matrix : await fetchMatrix(lineage.layouts);
    if (matrix !== undefined) {
      heatmap.render(matrix, findLayoutSummary);
    }
  } catch (error) {
    showAppError(`Could not load the matrix of lineage ${lineage?.name ?? ''}: ${describeError(error)}`);
  }
  updateStats();
}

function navigateToPair(from: string, to: string): void {
  focusPairOnRoute = true;
  const hash = pairHash(from, to);
  if (location.hash === hash) {
    applyRoute();
  } else {
    location.hash = hash;
  }
}

function closePair(): void {
  history.pushState(null, '', `${location.pathname}${location.search}`);
  applyRoute();
}

function applyRoute(): void {
  const route = readPairRoute(location.hash);
  const focus = focusPairOnRoute;
  focusPairOnRoute = false;
  if (route === undefined) {
    pair.close();
    if (lastPair !== undefined) {
      heatmap.focusPair(lastPair.from, lastPair.to);
      lastPair = undefined;
    }
    return;
  }
  lastPair = route;
  if (!pair.isShowing(route.from, route.to)) {
    void pair.open(route.from, route.to, focus);
  }
}

let refreshTimer: number | undefined;
function scheduleCatalogRefresh(): void {
  window.clearTimeout(refreshTimer);
  refreshTimer = window.setTimeout(() => void refreshCatalog(), 150);
}

async function refreshCatalog(): Promise<void> {
  try {
    const [layouts, matrix, lines] = await Promise.all([fetchLayouts(), fetchMatrix(), fetchLineages()]);
    lineages.setData(lines, layouts);
    store.setCatalog(layouts, matrix);
  } catch (error) {
    showAppError(`Could not refresh the catalog: ${describeError(error)}`);
  }
}

function announceEvents(events: StoredEvent[]): void {
  const text = events.map((e) => {
    const s = describeEvent(e, findLayoutSummary);
    return `${s.label}${s.layout === undefined ? '' : ` ${s.layout}`}`;
  });
  announce(announcer, `New ${events.length === 1 ? 'event' : 'events'}: ${text.join('; ')}`);
}

function updateStats(): void {
  const head = store.lastPosition();
  byId('stats').textContent = `${plural(store.layouts.length, 'layout')} · ${plural(store.events.length, 'event')}${head === undefined ? '' : ` · head #${head}`}`;
}

function showAppError(message: string): void {
  appError.replaceChildren(h('strong', {}, 'Error: '), message);
  appError.hidden = false;
}

async function boot(): Promise<void> {
  try {
    const [layouts, matrix, events, lines] = await Promise.all([fetchLayouts(), fetchMatrix(), fetchEventsAfter(undefined), fetchLineages()]);
    lineages.setData(lines, layouts);
    store.setCatalog(layouts, matrix);
    timeline.showAll([]);
    store.addEvents(events, true);
  } catch (error) {
    showAppError(`Could not load the registry: ${describeError(error)}`);
  }
  window.addEventListener('hashchange', () => applyRoute());
  applyRoute();
  feed.start();
  document.body.dataset['ready'] = 'true';
}

void boot();
