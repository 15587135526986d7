import { useSyncExternalStore } from 'react';
import { storage } from './storage';

export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'atrium.theme';
const listeners = new Set<() => void>();

export function getTheme(): ThemeChoice {
  const t = storage.get(KEY);
  return t === 'light' || t === 'dark' ? t : 'system';
}

/** `data-theme` on <html> overrides prefers-color-scheme; without it the system decides. */
export function applyTheme(choice: ThemeChoice = getTheme()): void {
  const root = document.documentElement;
  if (choice === 'system') delete root.dataset.theme;
  else root.dataset.theme = choice;
}

export function setTheme(choice: ThemeChoice): void {
  if (choice === 'system') storage.remove(KEY);
  else storage.set(KEY, choice);
  applyTheme(choice);
  listeners.forEach((l) => l());
}

export function useTheme(): ThemeChoice {
  return useSyncExternalStore(
    (cb) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    getTheme,
    () => 'system' as ThemeChoice,
  );
}
