import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import type { Comment, Page, Post } from '@atrium/contract';

export type PostPages = InfiniteData<Page<Post>, string | undefined>;
export type CommentPages = InfiniteData<Page<Comment>, string | undefined>;

export const postKeys = {
  all: ['posts'] as const,
  feed: ['posts', 'feed'] as const,
  wall: (userId: string) => ['posts', 'wall', userId] as const,
  topic: (name: string) => ['posts', 'topic', name.toLowerCase()] as const,
  group: (groupId: string) => ['posts', 'group', groupId] as const,
  /** One page holding every active announcement, so likes and comments update it like any list. */
  announcements: ['posts', 'announcements'] as const,
  one: (id: string) => ['post', id] as const,
  comments: (postId: string) => ['comments', postId] as const,
};

/**
 * A post lives in several caches at once (feed, walls, topics, its permalink): apply one change to
 * every copy. Returning null removes the post.
 */
/** How many of the newest comments the server sends with each post. */
export const LATEST_COMMENTS = 3;

export function updatePostEverywhere(qc: QueryClient, id: string, fn: (p: Post) => Post | null): void {
  qc.setQueriesData<PostPages>({ queryKey: postKeys.all }, (data) => {
    if (!data) return data;
    let changed = false;
    const pages = data.pages.map((pg) => {
      if (!pg.items.some((p) => p.id === id)) return pg;
      changed = true;
      return { ...pg, items: pg.items.flatMap((p) => (p.id === id ? (fn(p) ?? []) : [p])) };
    });
    return changed ? { ...data, pages } : data;
  });
  qc.setQueryData<Post>(postKeys.one(id), (p) => (p ? (fn(p) ?? undefined) : p));
}

export function findPost(qc: QueryClient, id: string): Post | undefined {
  const single = qc.getQueryData<Post>(postKeys.one(id));
  if (single) return single;
  for (const [, data] of qc.getQueriesData<PostPages>({ queryKey: postKeys.all })) {
    for (const pg of data?.pages ?? []) {
      const p = pg.items.find((x) => x.id === id);
      if (p) return p;
    }
  }
  return undefined;
}

/** Put a new post at the top of a list (when that list is loaded). */
export function prependPost(qc: QueryClient, key: readonly unknown[], post: Post): void {
  qc.setQueryData<PostPages>(key, (data) => {
    if (!data || data.pages.length === 0) return data;
    const [first, ...rest] = data.pages;
    if (first!.items.some((p) => p.id === post.id)) return data;
    return { ...data, pages: [{ ...first!, items: [post, ...first!.items] }, ...rest] };
  });
}

/** Every #topic the client has seen in loaded posts: hints for the composer. */
export function knownTopics(qc: QueryClient): string[] {
  const seen = new Map<string, string>();
  const add = (p: Post) => p.topics.forEach((t) => seen.set(t.toLowerCase(), t));
  for (const [, data] of qc.getQueriesData<PostPages>({ queryKey: postKeys.all })) {
    data?.pages.forEach((pg) => pg.items.forEach(add));
  }
  for (const [, p] of qc.getQueriesData<Post>({ queryKey: ['post'] })) if (p) add(p);
  return [...seen.values()].sort((a, b) => a.localeCompare(b));
}

/** Whether a comment is still in any loaded copy (its post's latest comments, or its comment list). */
export function isCommentShown(qc: QueryClient, postId: string, commentId: string): boolean {
  const pages = qc.getQueryData<CommentPages>(postKeys.comments(postId))?.pages ?? [];
  if (pages.some((pg) => pg.items.some((c) => c.id === commentId))) return true;
  return findPost(qc, postId)?.latestComments.some((c) => c.id === commentId) ?? false;
}
