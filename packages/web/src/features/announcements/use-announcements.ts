import { useInfiniteQuery } from '@tanstack/react-query';
import type { Page, Post } from '@atrium/contract';
import { getAnnouncements } from '../posts/posts.api';
import { postKeys } from '../posts/posts.cache';

/**
 * Active announcements, held as a one-page post list under ['posts', …] so likes, comments, edits
 * and deletions reach them like every other list.
 */
export function useAnnouncements(enabled = true) {
  return useInfiniteQuery({
    queryKey: postKeys.announcements,
    queryFn: async (): Promise<Page<Post>> => ({ items: (await getAnnouncements()).items, nextCursor: null }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: () => undefined,
    enabled,
  });
}
