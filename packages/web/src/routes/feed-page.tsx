import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageHeading } from '../components/page-heading';
import { Composer } from '../features/posts/composer';
import type { LiveList } from '../features/posts/live-posts';
import { PostList } from '../features/posts/post-list';
import { getFeed } from '../features/posts/posts.api';
import { postKeys } from '../features/posts/posts.cache';
import { usePostList } from '../features/posts/use-post-list';
import { ProfileAside } from '../features/people/profile-aside';
import { AnnouncementList } from '../features/announcements/announcement-list';
import { GuestHome } from '../features/groups/guest-home';
import { useSession } from '../features/session/use-session';

/** Any new post may belong in the feed: its first page decides. */
const FEED_LIVE: LiveList = { key: postKeys.feed, fetchPage: getFeed, matches: () => true };

function Feed() {
  const { t } = useTranslation();
  const feed = usePostList(postKeys.feed, getFeed);
  return (
    <div className="page page-with-aside">
      <div className="page-column stack">
        <PageHeading>{t('feed.title')}</PageHeading>
        <AnnouncementList />
        <Composer />
        <PostList
          query={feed}
          live={FEED_LIVE}
          label={t('feed.postsLabel')}
          empty={
            <div className="card empty-state">
              <h2 className="section-title">{t('feed.emptyTitle')}</h2>
              <p>{t('feed.emptyBody')}</p>
              <Link to="/people" className="btn btn-primary">
                {t('feed.emptyAction')}
              </Link>
            </div>
          }
        />
      </div>
      <ProfileAside />
    </div>
  );
}

export default function FeedPage() {
  const { user } = useSession();
  return user.kind === 'guest' ? <GuestHome /> : <Feed />;
}
