/**
 * One polite live region for the whole app (rendered by the shell): results of async actions
 * ("Post published", "Link copied", "20 more posts loaded") are read out by screen readers.
 */
let region: HTMLElement | null = null;
export function registerLiveRegion(el: HTMLElement | null): void {
  region = el;
}
export function announce(message: string): void {
  if (!region) return;
  const el = region;
  // Clear first so the same sentence twice is read twice.
  el.textContent = '';
  window.setTimeout(() => {
    el.textContent = message;
  }, 50);
}
