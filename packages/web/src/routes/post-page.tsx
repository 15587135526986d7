import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorNotice } from '../components/error-notice';
import { PageHeading } from '../components/page-heading';
import { PostSkeleton } from '../components/skeleton';
import { ApiError } from '../lib/api-client';
import { PostCard } from '../features/posts/post-card';
import { getPost } from '../features/posts/posts.api';
import { findPost, postKeys } from '../features/posts/posts.cache';
import { NotFoundContent } from './not-found-page';

export default function PostPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const query = useQuery({
    queryKey: postKeys.one(id),
    queryFn: () => getPost(id),
    // Show the copy from the feed at once; the fresh one replaces it.
    placeholderData: () => findPost(qc, id),
  });

  if (query.isError && query.error instanceof ApiError && query.error.status === 404) return <NotFoundContent />;
  const post = query.data;
  return (
    <div className="page page-column stack">
      <PageHeading title={post ? t('post.titleBy', { name: post.author.name }) : t('post.title')}>
        {post ? t('post.titleBy', { name: post.author.name }) : t('post.title')}
      </PageHeading>
      {query.isPending && <PostSkeleton />}
      {query.isError && !post && <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />}
      {post && <PostCard post={post} permalink onDeleted={() => void navigate('/', { replace: true })} />}
    </div>
  );
}
