import { useEffect, useSyncExternalStore } from 'react';
import { stream } from './stream';

export type PresenceStatus = 'online' | 'offline';

/** Who is online, as the stream last said; only for the people someone on this page follows. */
const status = new Map<string, PresenceStatus>();
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((fn) => fn());

stream.on('presence', ({ userId, status: s }) => {
  if (status.get(userId) === s) return;
  status.set(userId, s);
  notify();
});

/** Signed out: nothing known any more. */
export function clearPresence(): void {
  status.clear();
  subscriptions.clear();
  notify();
}

const subscribe = (fn: () => void) => {
  listeners.add(fn);
  return () => {
    listeners.delete(fn);
  };
};

/** "online", "offline", or null while unknown (not followed, or no answer yet). */
export function usePresence(userId: string | null | undefined): PresenceStatus | null {
  return useSyncExternalStore(
    subscribe,
    () => (userId ? (status.get(userId) ?? null) : null),
    () => null,
  );
}

/**
 * Each mounted component that shows presence names the people it shows; the stream follows the
 * union of them (the server takes one list per socket and replaces it each time).
 */
const subscriptions = new Map<number, string[]>();
let nextToken = 0;
let flushTimer: number | undefined;
function flush() {
  window.clearTimeout(flushTimer);
  flushTimer = window.setTimeout(() => {
    const all = new Set<string>();
    for (const ids of subscriptions.values()) ids.forEach((id) => all.add(id));
    stream.setPresence([...all]);
  }, 50);
}

export function usePresenceSubscription(ids: string[]): void {
  const key = [...new Set(ids)].sort().join(',');
  useEffect(() => {
    const token = ++nextToken;
    subscriptions.set(token, key ? key.split(',') : []);
    flush();
    return () => {
      subscriptions.delete(token);
      flush();
    };
  }, [key]);
}
