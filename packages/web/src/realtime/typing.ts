import { useSyncExternalStore } from 'react';

/**
 * Who is typing where, from the stream's `typing` signals. The server passes on at most one per
 * person every 3 s while he types, so a person counts as typing for 6 s after his last signal, or
 * until his message arrives.
 */
const SHOWN_FOR_MS = 6_000;
const typers = new Map<string, Map<string, number>>();
const snapshots = new Map<string, string[]>();
const listeners = new Set<() => void>();
const EMPTY: string[] = [];
let timer: number | undefined;

function changed(conversationId: string) {
  const now = Date.now();
  const map = typers.get(conversationId);
  const ids = map ? [...map].filter(([, until]) => until > now).map(([id]) => id) : [];
  if (ids.length === 0) {
    typers.delete(conversationId);
    snapshots.delete(conversationId);
  } else {
    snapshots.set(conversationId, ids);
  }
  listeners.forEach((fn) => fn());
  schedule();
}

function schedule() {
  window.clearTimeout(timer);
  let next = Infinity;
  for (const map of typers.values()) for (const until of map.values()) next = Math.min(next, until);
  if (next === Infinity) return;
  timer = window.setTimeout(() => {
    const now = Date.now();
    for (const [conv, map] of [...typers]) {
      let dropped = false;
      for (const [id, until] of [...map]) {
        if (until <= now) {
          map.delete(id);
          dropped = true;
        }
      }
      if (dropped) changed(conv);
    }
    schedule();
  }, Math.max(50, next - Date.now()));
}

export function noteTyping(conversationId: string, userId: string): void {
  let map = typers.get(conversationId);
  if (!map) typers.set(conversationId, (map = new Map()));
  const known = map.has(userId);
  map.set(userId, Date.now() + SHOWN_FOR_MS);
  if (!known) changed(conversationId);
  else schedule();
}

export function stopTyping(conversationId: string, userId: string): void {
  if (typers.get(conversationId)?.delete(userId)) changed(conversationId);
}

export function clearTyping(): void {
  typers.clear();
  snapshots.clear();
  listeners.forEach((fn) => fn());
}

const subscribe = (fn: () => void) => {
  listeners.add(fn);
  return () => {
    listeners.delete(fn);
  };
};

/** The ids of the people typing in this conversation now. */
export function useTypers(conversationId: string): string[] {
  return useSyncExternalStore(
    subscribe,
    () => snapshots.get(conversationId) ?? EMPTY,
    () => EMPTY,
  );
}
