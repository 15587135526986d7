import { useInfiniteQuery } from '@tanstack/react-query';
import { listConversations } from './messaging.api';
import { messagingKeys, unreadConversations } from './messaging.cache';

/** The person's conversations and his groups' chats, latest activity first (kept live by the stream). */
export function useConversations() {
  return useInfiniteQuery({
    queryKey: messagingKeys.list,
    queryFn: ({ pageParam }) => listConversations(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // The stream keeps it current; a reconnect that missed too much invalidates it.
    staleTime: 5 * 60_000,
  });
}

/** How many conversations have unread messages: the badge in the navigation and the tab's title. */
export function useUnreadConversations(): number {
  const { data } = useConversations();
  return unreadConversations(data);
}
