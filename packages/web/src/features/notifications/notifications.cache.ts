import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import type { Notification, Page } from '@atrium/contract';
import { markNotificationsRead } from './notifications.api';

export type NotificationPages = InfiniteData<Page<Notification>, string | undefined>;
export type UnreadCount = { unread: number };

export const notificationKeys = {
  all: ['notifications'] as const,
  list: ['notifications', 'list'] as const,
  unread: ['notifications', 'unread'] as const,
};

/**
 * A query that has no data yet but is on its way may have been answered before this change: ask
 * again rather than miss it.
 */
function refetchIfLoading(qc: QueryClient, key: readonly unknown[]) {
  const state = qc.getQueryState(key);
  if (state && state.data === undefined && state.fetchStatus === 'fetching') void qc.invalidateQueries({ queryKey: key, exact: true });
}

const mapItems = (data: NotificationPages | undefined, fn: (n: Notification) => Notification): NotificationPages | undefined =>
  data ? { ...data, pages: data.pages.map((pg) => ({ ...pg, items: pg.items.map(fn) })) } : data;

/** A new notification from the stream: on top of the loaded list (once), and the bell counts it. */
export function applyNotificationCreated(qc: QueryClient, n: Notification): void {
  let known = false;
  qc.setQueryData<NotificationPages>(notificationKeys.list, (data) => {
    if (!data || data.pages.length === 0) return data;
    if (data.pages.some((pg) => pg.items.some((x) => x.id === n.id))) {
      known = true;
      return data;
    }
    const [first, ...rest] = data.pages;
    const items = [n, ...first!.items].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    return { ...data, pages: [{ ...first!, items }, ...rest] };
  });
  if (!known && !n.readAt) qc.setQueryData<UnreadCount>(notificationKeys.unread, (d) => (d ? { unread: d.unread + 1 } : d));
  refetchIfLoading(qc, notificationKeys.list);
  refetchIfLoading(qc, notificationKeys.unread);
}

/** The person read some in another tab (or this one): the bell shows the server's count. */
export function applyNotificationsRead(qc: QueryClient, unread: number): void {
  qc.setQueryData<UnreadCount>(notificationKeys.unread, { unread });
  if (unread === 0) {
    const now = new Date().toISOString();
    qc.setQueryData<NotificationPages>(notificationKeys.list, (data) => mapItems(data, (n) => (n.readAt ? n : { ...n, readAt: now })));
  } else {
    // Which ones were read isn't said: the list is asked again when it is next shown.
    void qc.invalidateQueries({ queryKey: notificationKeys.list });
  }
}

/**
 * Mark everything up to and including `upTo` read: at once in the cache (the bell goes quiet),
 * then on the server, whose answer sets the count. A failure asks the server for the truth again.
 */
export async function markReadUpTo(qc: QueryClient, upTo: string): Promise<void> {
  const now = new Date().toISOString();
  let stillUnread = 0;
  qc.setQueryData<NotificationPages>(notificationKeys.list, (data) =>
    mapItems(data, (n) => {
      if (n.readAt) return n;
      if (n.id > upTo) {
        stillUnread += 1;
        return n;
      }
      return { ...n, readAt: now };
    }),
  );
  qc.setQueryData<UnreadCount>(notificationKeys.unread, (d) => (d ? { unread: Math.min(d.unread, stillUnread) } : d));
  try {
    const { unread } = await markNotificationsRead(upTo);
    qc.setQueryData<UnreadCount>(notificationKeys.unread, { unread });
  } catch {
    void qc.invalidateQueries({ queryKey: notificationKeys.all });
  }
}
