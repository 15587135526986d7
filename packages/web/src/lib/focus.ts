/**
 * After an in-app navigation the new page's h1 takes focus, so keyboard and screen reader users
 * start at the top of the new content. The shell requests it; the page heading consumes it when it
 * mounts (pages that load first show their heading later). If no heading claims it, main does.
 */
let pending = false;
let fallbackTimer: number | undefined;

export function requestPageFocus(): void {
  // The new page may already be on screen (route transitions commit it together with the URL).
  const ready = document.querySelector<HTMLElement>('main h1');
  if (ready) {
    pending = false;
    ready.focus({ preventScroll: true });
    return;
  }
  pending = true;
  window.clearTimeout(fallbackTimer);
  fallbackTimer = window.setTimeout(() => {
    if (!pending) return;
    pending = false;
    const h1 = document.querySelector<HTMLElement>('main h1');
    const target = h1 ?? document.getElementById('main');
    target?.focus({ preventScroll: true });
  }, 2000);
}

export function consumePageFocus(el: HTMLElement | null): void {
  if (!pending || !el) return;
  pending = false;
  window.clearTimeout(fallbackTimer);
  el.focus({ preventScroll: true });
}
