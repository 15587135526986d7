import { useSyncExternalStore } from 'react';

const DIVISIONS: [number, Intl.RelativeTimeFormatUnit][] = [
  [60, 'second'],
  [60, 'minute'],
  [24, 'hour'],
  [7, 'day'],
  [4.34524, 'week'],
  [12, 'month'],
  [Number.POSITIVE_INFINITY, 'year'],
];

const rtfCache = new Map<string, Intl.RelativeTimeFormat>();
const dtfCache = new Map<string, Intl.DateTimeFormat>();

export function formatRelative(iso: string, lang: string, now = Date.now()): string {
  let rtf = rtfCache.get(lang);
  if (!rtf) {
    rtf = new Intl.RelativeTimeFormat(lang, { numeric: 'auto', style: 'long' });
    rtfCache.set(lang, rtf);
  }
  let duration = (new Date(iso).getTime() - now) / 1000;
  // Clock skew between server and browser must not produce "in 3 seconds".
  if (duration > 0 && duration < 60) duration = 0;
  for (const [amount, unit] of DIVISIONS) {
    if (Math.abs(duration) < amount) {
      if (unit === 'second' && Math.abs(duration) < 45) return rtf.format(0, 'second');
      return rtf.format(Math.round(duration), unit);
    }
    duration /= amount;
  }
  return rtf.format(Math.round(duration), 'year');
}

export function formatDateTime(iso: string, lang: string): string {
  let dtf = dtfCache.get(lang);
  if (!dtf) {
    dtf = new Intl.DateTimeFormat(lang, { dateStyle: 'full', timeStyle: 'short' });
    dtfCache.set(lang, dtf);
  }
  return dtf.format(new Date(iso));
}

/** A CV date `YYYY-MM-DD` as "March 2021" / "März 2021". */
export function formatMonthYear(date: string, lang: string): string {
  const [y, m] = date.split('-').map(Number);
  if (!y || !m) return date;
  return new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, 1)),
  );
}

// One shared minute ticker so every relative time on the page refreshes together.
let tick = Date.now();
const listeners = new Set<() => void>();
let timer: number | undefined;
function subscribe(cb: () => void) {
  listeners.add(cb);
  if (timer === undefined) {
    timer = window.setInterval(() => {
      tick = Date.now();
      listeners.forEach((l) => l());
    }, 30_000);
  }
  return () => {
    listeners.delete(cb);
    if (listeners.size === 0 && timer !== undefined) {
      window.clearInterval(timer);
      timer = undefined;
    }
  };
}
export function useNow(): number {
  return useSyncExternalStore(subscribe, () => tick, () => tick);
}
