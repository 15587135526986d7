import type { Message } from '@atrium/contract';

const cache = new Map<string, string>();

/** The text of server-sanitized HTML, on one line (DOMParser runs no scripts and loads nothing). */
export function plainText(html: string): string {
  let text = cache.get(html);
  if (text === undefined) {
    const doc = new DOMParser().parseFromString(html, 'text/html');
    text = (doc.body.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (cache.size > 500) cache.clear();
    cache.set(html, text);
  }
  return text;
}

/** A message in a line: for the conversation list and notifications. */
export function messagePreview(m: Pick<Message, 'html' | 'body'>, max = 120): string {
  const text = m.html ? plainText(m.html) : m.body.replace(/\s+/g, ' ').trim();
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}
