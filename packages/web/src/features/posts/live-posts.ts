import { useCallback, useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { Page, Post } from '@atrium/contract';
import { useStreamEvent } from '../../realtime/use-stream';
import type { PostPages } from './posts.cache';

/** What a list needs to offer its new posts: its cache key, its first page, and a quick pre-filter. */
export interface LiveList {
  key: readonly unknown[];
  fetchPage: (cursor?: string) => Promise<Page<Post>>;
  /** Could this new post belong in the list at all? (The list's first page decides for sure.) */
  matches: (post: Post) => boolean;
}

/** A burst of new posts is looked up once. */
const CHECK_AFTER_MS = 400;

/**
 * New posts are not put under the reader's eyes: when the stream says a post was created that may
 * belong to this list, the list's first page is asked for quietly, and the posts newer than the
 * newest shown wait here until the reader asks for them ("3 new posts").
 */
export function useNewPosts(live: LiveList | undefined) {
  const qc = useQueryClient();
  const [waiting, setWaiting] = useState<Post[]>([]);
  const timer = useRef<number | undefined>(undefined);
  const liveRef = useRef(live);
  useEffect(() => {
    liveRef.current = live;
  });
  const keyString = live ? JSON.stringify(live.key) : '';

  // Another list (or none): nothing waits any more.
  useEffect(() => {
    setWaiting([]);
    return () => window.clearTimeout(timer.current);
  }, [keyString]);

  const shownIds = (key: readonly unknown[]) => new Set((qc.getQueryData<PostPages>(key)?.pages ?? []).flatMap((pg) => pg.items.map((p) => p.id)));

  const check = useCallback(() => {
    const l = liveRef.current;
    if (!l) return;
    // The server applies every committed event before it answers (read-your-writes on any node),
    // so the page includes the post the stream just announced, if it belongs here.
    void l.fetchPage().then(
      (page) => {
        const current = liveRef.current;
        if (!current || JSON.stringify(current.key) !== JSON.stringify(l.key)) return;
        const data = qc.getQueryData<PostPages>(l.key);
        if (!data) return;
        const shown = shownIds(l.key);
        const newest = data.pages[0]?.items[0]?.id ?? '';
        setWaiting(page.items.filter((p) => !shown.has(p.id) && p.id > newest));
      },
      () => undefined,
    );
  }, [qc]);

  useStreamEvent('post.created', ({ post }) => {
    const l = liveRef.current;
    if (!l || !l.matches(post) || !qc.getQueryData(l.key)) return;
    if (shownIds(l.key).has(post.id)) return;
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(check, CHECK_AFTER_MS);
  });
  useStreamEvent('post.deleted', ({ postId }) => setWaiting((w) => (w.some((p) => p.id === postId) ? w.filter((p) => p.id !== postId) : w)));

  // One's own post (the composer puts it in at once) or posts shown meanwhile don't wait.
  const shown = live ? shownIds(live.key) : new Set<string>();
  const pending = waiting.filter((p) => !shown.has(p.id));

  /** Put the waiting posts at the top of the list; answers the id of the newest. */
  const reveal = (): string | null => {
    if (!live || pending.length === 0) return null;
    const add = [...pending].sort((a, b) => (a.id < b.id ? 1 : -1));
    qc.setQueryData<PostPages>(live.key, (data) => {
      if (!data || data.pages.length === 0) return data;
      const [first, ...rest] = data.pages;
      return { ...data, pages: [{ ...first!, items: [...add, ...first!.items.filter((p) => !add.some((a) => a.id === p.id))] }, ...rest] };
    });
    setWaiting([]);
    return add[0]!.id;
  };

  return { count: pending.length, reveal };
}
