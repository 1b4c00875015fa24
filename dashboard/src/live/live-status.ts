import type { FeedStatus } from './event-feed.js';

const TEXT: Record<FeedStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  polling: 'Live (polling)',
  offline: 'Offline: retrying',
};

// The header's connection indicator: a dot whose shape changes with the state, plus words.
export function showFeedStatus(el: HTMLElement, status: FeedStatus): void {
  el.dataset['status'] = status;
  el.textContent = TEXT[status];
}

// One polite live region for everything worth saying aloud (new events, loaded views).
export function announce(el: HTMLElement, message: string): void {
  el.textContent = '';
  window.setTimeout(() => {
    el.textContent = message;
  }, 50);
}
