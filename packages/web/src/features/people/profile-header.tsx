import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { User } from '@atrium/contract';
import { Avatar } from '../../components/avatar';
import { PageHeading } from '../../components/page-heading';
import { FollowButton } from './follow-button';
import { PeopleListDialog } from './people-list-dialog';
import { getFollowers, getFollowing, userKeys } from './people.api';

export function ProfileHeader({ user, isSelf, canEdit }: { user: User; isSelf: boolean; canEdit: boolean }) {
  const { t } = useTranslation();
  const [list, setList] = useState<'followers' | 'following' | null>(null);
  return (
    <section className="card profile-header" aria-label={t('profile.summary')}>
      <Avatar user={user} size="xl" alt={t('profile.photoOf', { name: user.name })} />
      <div className="profile-id stack-xs">
        <PageHeading className="profile-name" title={user.name}>
          {user.name}
          {user.kind === 'guest' && <span className="badge">{t('people.external')}</span>}
        </PageHeading>
        {user.title && <p className="profile-title">{user.title}</p>}
        <p className="muted">
          {[user.department, user.location].filter(Boolean).join(' · ')}
          {user.status === 'deactivated' && <span className="badge badge-warning">{t('people.deactivated')}</span>}
        </p>
        <p className="muted small">@{user.handle}</p>
        <div className="row gap-sm wrap">
          <button type="button" className="btn-link" onClick={() => setList('followers')}>
            {t('people.followersCount', { count: user.followersCount })}
          </button>
          <span aria-hidden="true">·</span>
          <button type="button" className="btn-link" onClick={() => setList('following')}>
            {t('people.followingCount', { count: user.followingCount })}
          </button>
        </div>
      </div>
      <div className="profile-actions">
        {!isSelf && <FollowButton user={user} />}
        {canEdit && (
          <Link to={`/people/${user.id}/edit`} className="btn btn-secondary">
            {isSelf ? t('profile.editOwn') : t('profile.edit')}
          </Link>
        )}
      </div>
      <PeopleListDialog
        open={list === 'followers'}
        onClose={() => setList(null)}
        title={t('profile.followersOf', { name: user.name })}
        queryKey={userKeys.followers(user.id)}
        fetchPage={(c) => getFollowers(user.id, c)}
        empty={t('profile.noFollowers')}
      />
      <PeopleListDialog
        open={list === 'following'}
        onClose={() => setList(null)}
        title={t('profile.followingOf', { name: user.name })}
        queryKey={userKeys.following(user.id)}
        fetchPage={(c) => getFollowing(user.id, c)}
        empty={t('profile.noFollowing')}
      />
    </section>
  );
}
