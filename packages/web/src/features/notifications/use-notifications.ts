import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { getUnreadNotifications, listNotifications } from './notifications.api';
import { notificationKeys } from './notifications.cache';

/** The stream keeps both current; a reconnect that missed too much invalidates them. */
const LIVE_STALE_MS = 5 * 60_000;

/** How many notifications are unread: the bell's badge and the tab's title. */
export function useUnreadNotifications(): number {
  const { data } = useQuery({ queryKey: notificationKeys.unread, queryFn: getUnreadNotifications, staleTime: LIVE_STALE_MS });
  return data?.unread ?? 0;
}

/** The person's notifications, newest first, paged by cursor. */
export function useNotifications(enabled = true) {
  return useInfiniteQuery({
    queryKey: notificationKeys.list,
    queryFn: ({ pageParam }) => listNotifications(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    staleTime: LIVE_STALE_MS,
    enabled,
  });
}
