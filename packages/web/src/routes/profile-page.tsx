import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../components/error-notice';
import { PageHeading } from '../components/page-heading';
import { ListSkeleton, SkeletonBlock } from '../components/skeleton';
import { ApiError } from '../lib/api-client';
import { useSession } from '../features/session/use-session';
import { useUser } from '../features/people/use-user';
import { ProfileHeader } from '../features/people/profile-header';
import { ProfileAbout } from '../features/people/profile-details';
import { ProfileContact } from '../features/people/profile-contact';
import { Composer } from '../features/posts/composer';
import { PostList } from '../features/posts/post-list';
import { getWall } from '../features/posts/posts.api';
import { postKeys } from '../features/posts/posts.cache';
import { usePostList } from '../features/posts/use-post-list';
import { NotFoundContent } from './not-found-page';

function Profile({ id }: { id: string }) {
  const { t } = useTranslation();
  const { user: me } = useSession();
  const query = useUser(id);
  // Walls belong to the company: people from outside have none to read.
  const guestViewer = me.kind === 'guest';
  const wall = usePostList(postKeys.wall(id), (c) => getWall(id, c), !guestViewer);

  if (query.isError && query.error instanceof ApiError && query.error.status === 404) return <NotFoundContent />;
  if (query.isError) {
    return (
      <div className="page stack">
        <PageHeading>{t('profile.title')}</PageHeading>
        <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />
      </div>
    );
  }
  if (query.isPending) {
    return (
      <div className="page stack" aria-busy="true">
        <div className="card profile-header">
          <SkeletonBlock width="7rem" height="7rem" round />
          <div className="stack-xs grow">
            <SkeletonBlock width="40%" height="2rem" />
            <SkeletonBlock width="30%" />
            <SkeletonBlock width="50%" />
          </div>
        </div>
        <ListSkeleton count={2} />
      </div>
    );
  }

  const user = query.data;
  const isSelf = user.id === me.id;
  const canEdit = isSelf || me.role === 'admin';
  return (
    <div className="page stack">
      <ProfileHeader user={user} isSelf={isSelf} canEdit={canEdit} />
      <div className="profile-grid">
        <div className="stack profile-main">
          <ProfileAbout user={user} />
          {!guestViewer && (
            <section className="stack" aria-labelledby="wall-h">
              <h2 id="wall-h" className="section-title">
                {isSelf ? t('profile.yourPosts') : t('profile.wall', { name: user.name })}
              </h2>
              {user.status === 'active' && user.kind === 'member' && <Composer wallUser={isSelf ? undefined : { id: user.id, name: user.name }} />}
              <PostList
                query={wall}
                live={{ key: postKeys.wall(id), fetchPage: (c) => getWall(id, c), matches: (p) => p.author.id === id || p.wallUserId === id }}
                headingLevel={3}
                empty={<p className="muted">{t('profile.wallEmpty', { name: user.name })}</p>}
              />
            </section>
          )}
        </div>
        <div className="profile-side">
          <ProfileContact user={user} showTeam={!guestViewer && user.kind === 'member'} />
        </div>
      </div>
    </div>
  );
}

export default function ProfilePage() {
  const { id = '' } = useParams();
  return <Profile key={id} id={id} />;
}
