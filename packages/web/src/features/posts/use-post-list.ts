import { useInfiniteQuery } from '@tanstack/react-query';
import type { Page, Post } from '@atrium/contract';

/** A keyset-paged list of posts (feed, wall, topic). */
export function usePostList(key: readonly unknown[], fetchPage: (cursor?: string) => Promise<Page<Post>>, enabled = true) {
  return useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}
