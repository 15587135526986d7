import { useEffect, useId, useRef, useState, type Ref } from 'react';
import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { Comment } from '@atrium/contract';
import { ErrorNotice } from '../../components/error-notice';
import { LoadMore } from '../../components/load-more';
import { ListSkeleton } from '../../components/skeleton';
import { getComments } from './posts.api';
import { LATEST_COMMENTS, postKeys } from './posts.cache';
import { CommentItem } from './comment-item';
import { CommentForm } from './comment-form';

const PREVIEW = LATEST_COMMENTS;

interface Props {
  postId: string;
  commentsCount: number;
  /** 'preview' in a feed card (the newest few), 'full' on the permalink (all, paged). */
  mode: 'preview' | 'full';
  textareaRef?: Ref<HTMLTextAreaElement>;
  id?: string;
  headingLevel: 2 | 3 | 4;
}

export function CommentsSection({ postId, commentsCount, mode, textareaRef, id, headingLevel }: Props) {
  const { t } = useTranslation();
  const [showEarlier, setShowEarlier] = useState(false);
  const query = useInfiniteQuery({
    queryKey: postKeys.comments(postId),
    queryFn: ({ pageParam }) => getComments(postId, pageParam, mode === 'preview' ? 50 : undefined),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

  const seen = new Set<string>();
  const all: Comment[] = (query.data?.pages ?? []).flatMap((p) => p.items).filter((c) => !seen.has(c.id) && seen.add(c.id));
  const hidden = mode === 'preview' && !showEarlier && !query.hasNextPage ? Math.max(0, all.length - PREVIEW) : 0;
  const shown = hidden > 0 ? all.slice(hidden) : all;
  const H = `h${headingLevel}` as 'h2';

  // A link to one comment (`#comment-…`, from a notification): scroll to it once it is loaded.
  const { hash, key } = useLocation();
  const targetId = mode === 'full' && hash.startsWith('#comment-') ? decodeURIComponent(hash.slice('#comment-'.length)) : null;
  const scrolledFor = useRef<string | null>(null);
  const targetShown = targetId !== null && shown.some((c) => c.id === targetId);
  useEffect(() => {
    if (!targetId || !targetShown || scrolledFor.current === key) return;
    scrolledFor.current = key;
    document.getElementById(`comment-${targetId}`)?.scrollIntoView({ block: 'center' });
  }, [targetId, targetShown, key]);
  const Wrapper = mode === 'full' ? 'section' : 'div';
  const headId = useId();

  return (
    <Wrapper className="comments" id={id} aria-labelledby={mode === 'full' ? headId : undefined}>
      {mode === 'full' && <H className="section-title" id={headId}>{t('comments.headingCount', { count: commentsCount })}</H>}
      {query.isPending && commentsCount > 0 && <ListSkeleton kind="line" count={2} />}
      {query.isError && !query.data && <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />}
      {hidden > 0 && (
        <button type="button" className="btn-link" onClick={() => setShowEarlier(true)}>
          {t('comments.showEarlier', { count: hidden })}
        </button>
      )}
      {mode === 'preview' && query.hasNextPage && (
        <Link to={`/posts/${postId}`} className="small">
          {t('comments.seeAll', { count: commentsCount })}
        </Link>
      )}
      {shown.length > 0 && (
        <ol className="list-plain comment-list">
          {shown.map((c) => (
            <li key={c.id}>
              <CommentItem comment={c} pending={c.id.startsWith('pending-')} anchor={mode === 'full'} targeted={c.id === targetId} />
            </li>
          ))}
        </ol>
      )}
      {mode === 'full' && (
        <LoadMore
          hasMore={query.hasNextPage}
          loading={query.isFetchingNextPage}
          onLoad={() => void query.fetchNextPage()}
          label={t('comments.loadMore')}
        />
      )}
      {mode === 'full' && !query.isPending && all.length === 0 && <p className="muted">{t('comments.none')}</p>}
      <CommentForm postId={postId} textareaRef={textareaRef} />
    </Wrapper>
  );
}
