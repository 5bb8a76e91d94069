import { useSyncExternalStore } from 'react';

/**
 * The live channel as the pages see it: 'live' once the server said hello, else (re)connecting or off; 'replaced'
 * when the agent's workstation was opened in another session (this tab no longer gets pushes until reloaded).
 */
export type LiveState = 'off' | 'connecting' | 'live' | 'reconnecting' | 'replaced';

// One socket per tab, so one state per tab: a small store the hooks read (no provider to wrap the pages in).
let current: LiveState = 'off';
const listeners = new Set<() => void>();

export function setLiveState(state: LiveState): void {
  if (state === current) return;
  current = state;
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function useLiveState(): LiveState {
  return useSyncExternalStore(subscribe, () => current);
}

/** Slow re-reads that stand in for the pushes while the live channel is down. */
export const FALLBACK_REFETCH_MS = 30_000;

/** A query's refetchInterval: none while the live channel pushes, else the slow fallback. */
export function useFallbackRefetch(ms = FALLBACK_REFETCH_MS): number | false {
  return useLiveState() === 'live' ? false : ms;
}
