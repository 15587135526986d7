import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { ErrorNotice } from '../components/error-notice';
import { PageHeading } from '../components/page-heading';
import { SkeletonBlock } from '../components/skeleton';
import { PostList } from '../features/posts/post-list';
import { getTopicPosts } from '../features/posts/posts.api';
import { postKeys } from '../features/posts/posts.cache';
import { usePostList } from '../features/posts/use-post-list';
import { FollowTopicButton } from '../features/topics/follow-topic-button';
import { getTopic, topicKey } from '../features/topics/topics.api';

function Topic({ name }: { name: string }) {
  const { t } = useTranslation();
  const topic = useQuery({ queryKey: topicKey(name), queryFn: () => getTopic(name) });
  const posts = usePostList(postKeys.topic(name), (c) => getTopicPosts(name, c));
  const shown = topic.data?.name ?? name;
  return (
    <div className="page page-column stack">
      <div className="card topic-header">
        <div className="stack-xs">
          <PageHeading title={`#${shown}`}>#{shown}</PageHeading>
          {topic.isPending && <SkeletonBlock width="14rem" />}
          {topic.data && (
            <p className="muted">
              {t('topics.postsCount', { count: topic.data.postsCount })} · {t('topics.followersCount', { count: topic.data.followersCount })}
            </p>
          )}
        </div>
        {topic.data && <FollowTopicButton topic={topic.data} />}
      </div>
      {topic.isError && <ErrorNotice error={topic.error} onRetry={() => void topic.refetch()} />}
      <section className="stack" aria-labelledby="topic-posts-h">
        <h2 id="topic-posts-h" className="section-title">
          {t('topics.posts')}
        </h2>
        <PostList
          query={posts}
          live={{
            key: postKeys.topic(name),
            fetchPage: (c) => getTopicPosts(name, c),
            matches: (p) => p.topics.some((x) => x.toLowerCase() === name.toLowerCase()),
          }}
          headingLevel={3}
          empty={<p className="muted">{t('topics.empty', { name: shown })}</p>} />
      </section>
    </div>
  );
}

export default function TopicPage() {
  const { name = '' } = useParams();
  return <Topic key={name.toLowerCase()} name={name} />;
}
