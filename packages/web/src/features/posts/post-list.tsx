import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../../components/error-notice';
import { LoadMore } from '../../components/load-more';
import { ListSkeleton } from '../../components/skeleton';
import { announce } from '../../lib/announce';
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
}

export function PostList({ query, empty, headingLevel = 2, label, hideGroup = false }: Props) {
  const { t } = useTranslation();
  const pageCount = query.data?.pages.length ?? 0;
  const lastCount = useRef(pageCount);

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
  if (posts.length === 0) return <>{empty}</>;

  return (
    <Wrapper aria-label={label} className="post-list">
      <ul className="stack list-plain" aria-busy={query.isFetchingNextPage}>
        {posts.map((p) => (
          <li key={p.id}>
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
