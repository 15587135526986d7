import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import type { MeResponse, User } from '@atrium/contract';
import { FollowToggle } from '../../components/follow-toggle';
import { meKey } from '../session/use-session';
import { follow, userKeys } from './people.api';

function withFollow(u: User, on: boolean): User {
  if (u.isFollowing === on) return u;
  return { ...u, isFollowing: on, followersCount: Math.max(0, u.followersCount + (on ? 1 : -1)) };
}

/** Follow / Unfollow a person; his follower count and one's own following count move with it. */
export function FollowButton({ user }: { user: User }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const key = userKeys.one(user.id);

  const apply = (on: boolean) => {
    qc.setQueryData<User>(key, (u) => (u ? withFollow(u, on) : u));
    qc.setQueryData<MeResponse>(meKey, (me) =>
      me ? { ...me, user: { ...me.user, followingCount: Math.max(0, me.user.followingCount + (on ? 1 : -1)) } } : me,
    );
  };

  return (
    <FollowToggle
      following={user.isFollowing}
      apply={apply}
      request={(on) => follow(user.id, on)}
      onFollowed={(fresh) => {
        if (fresh) qc.setQueryData(key, fresh);
        void qc.invalidateQueries({ queryKey: userKeys.followers(user.id) });
        // The feed changes with whom one follows.
        void qc.invalidateQueries({ queryKey: ['posts', 'feed'] });
      }}
      texts={{
        follow: t('people.follow'),
        unfollow: t('people.unfollow'),
        nowFollowing: t('people.nowFollowing', { name: user.name }),
        stoppedFollowing: t('people.stoppedFollowing', { name: user.name }),
      }}
    />
  );
}
