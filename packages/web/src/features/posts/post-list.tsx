import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../../components/error-notice';
import { LoadMore } from '../../components/load-more';
import { ListSkeleton } from '../../components/skeleton';
import { announce } from '../../lib/announce';
import { useNewPosts, type LiveList } from './live-posts';
import { PostCard } from './post-card';
import type { usePostList } from './use-post-list';

interface Props {
  query: ReturnType<typeof usePostList>;
  empty: ReactNode;
  /** The heading level of each post's author line, below the page's own headings. */
  headingLevel?: 2 | 3;
  /** Makes the list a named region (only where no heading already names it). */
  label?: string;
  /** On a group's page: its posts need no "in {group}". */
  hideGroup?: boolean;
  /** New posts arriving live are offered at the top ("3 new posts"), never slipped in. */
  live?: LiveList;
}

export function PostList({ query, empty, headingLevel = 2, label, hideGroup = false, live }: Props) {
  const { t } = useTranslation();
  const pageCount = query.data?.pages.length ?? 0;
  const lastCount = useRef(pageCount);
  const listRef = useRef<HTMLUListElement>(null);
  const newPosts = useNewPosts(live);

  const [focusId, setFocusId] = useState<string | null>(null);
  // The reader goes to the newest of the posts he asked for, once it is on the page.
  useEffect(() => {
    if (!focusId) return;
    const item = listRef.current?.querySelector<HTMLElement>(`[data-post-id="${CSS.escape(focusId)}"]`);
    if (!item) return;
    setFocusId(null);
    item.focus({ preventScroll: true });
    item.scrollIntoView({ block: 'start' });
  }, [focusId, query.data]);
  const showNew = () => setFocusId(newPosts.reveal());
  const newButton = live && (
    <div className="new-posts" aria-live="polite">
      {newPosts.count > 0 && (
        <button type="button" className="btn btn-primary btn-sm new-posts-button" onClick={showNew}>
          {t('posts.newPosts', { count: newPosts.count })}
        </button>
      )}
    </div>
  );

  useEffect(() => {
    if (pageCount > lastCount.current && pageCount > 1) {
      const n = query.data?.pages[pageCount - 1]?.items.length ?? 0;
      announce(t('posts.loadedMore', { count: n }));
    }
    lastCount.current = pageCount;
  }, [pageCount, query.data, t]);

  if (query.isPending) return <ListSkeleton count={3} />;
  if (query.isError && !query.data) return <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />;

  const Wrapper = label ? 'section' : 'div';
  const seen = new Set<string>();
  const posts = query.data.pages.flatMap((p) => p.items).filter((p) => !seen.has(p.id) && seen.add(p.id));
  if (posts.length === 0) {
    if (!newButton) return <>{empty}</>;
    return (
      <div className="post-list">
        {newButton}
        {empty}
      </div>
    );
  }

  return (
    <Wrapper aria-label={label} className="post-list">
      {newButton}
      <ul ref={listRef} className="stack list-plain" aria-busy={query.isFetchingNextPage}>
        {posts.map((p) => (
          <li key={p.id} data-post-id={p.id} tabIndex={-1} className="post-item">
            <PostCard post={p} headingLevel={headingLevel} hideGroup={hideGroup} />
          </li>
        ))}
      </ul>
      {query.isFetchNextPageError && (
        <ErrorNotice error={query.error} onRetry={() => void query.fetchNextPage()} />
      )}
      <LoadMore
        hasMore={query.hasNextPage}
        loading={query.isFetchingNextPage}
        onLoad={() => void query.fetchNextPage()}
        label={t('posts.loadMore')}
      />
    </Wrapper>
  );
}
