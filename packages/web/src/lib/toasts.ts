import { useSyncExternalStore } from 'react';

/** A short note in the corner ("Anna: See you at 3"), read out politely, dismissable, hiding by itself. */
export interface Toast {
  id: number;
  /** Who or what it is about, in bold. */
  title: string;
  body: string;
  /** Where "Open" leads. */
  to?: string;
  /** Replaces an earlier toast with the same key (a second message in the same conversation). */
  key?: string;
}

const MAX = 3;
let toasts: Toast[] = [];
let nextId = 0;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((fn) => fn());

export function showToast(t: Omit<Toast, 'id'>): void {
  const toast = { ...t, id: ++nextId };
  const rest = t.key ? toasts.filter((x) => x.key !== t.key) : toasts;
  toasts = [...rest, toast].slice(-MAX);
  emit();
}

export function dismissToast(id: number): void {
  const next = toasts.filter((t) => t.id !== id);
  if (next.length === toasts.length) return;
  toasts = next;
  emit();
}

export function clearToasts(): void {
  toasts = [];
  emit();
}

const subscribe = (fn: () => void) => {
  listeners.add(fn);
  return () => {
    listeners.delete(fn);
  };
};

export function useToasts(): Toast[] {
  return useSyncExternalStore(
    subscribe,
    () => toasts,
    () => toasts,
  );
}
