import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { MeResponse, User } from '@atrium/contract';
import { announce } from '../../lib/announce';
import { errorMessage } from '../../lib/error-message';
import { meKey } from '../session/use-session';
import { follow, userKeys } from './people.api';

function withFollow(u: User, on: boolean): User {
  if (u.isFollowing === on) return u;
  return { ...u, isFollowing: on, followersCount: Math.max(0, u.followersCount + (on ? 1 : -1)) };
}

/** Follow / Unfollow with an immediate answer on screen, undone if the server refuses. */
export function FollowButton({ user }: { user: User }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const key = userKeys.one(user.id);

  const apply = (on: boolean) => {
    qc.setQueryData<User>(key, (u) => (u ? withFollow(u, on) : u));
    qc.setQueryData<MeResponse>(meKey, (me) =>
      me ? { ...me, user: { ...me.user, followingCount: Math.max(0, me.user.followingCount + (on ? 1 : -1)) } } : me,
    );
  };

  const mutation = useMutation({
    mutationFn: (on: boolean) => follow(user.id, on),
    onMutate: (on) => {
      setError(null);
      apply(on);
    },
    onSuccess: (fresh, on) => {
      if (fresh) qc.setQueryData(key, fresh);
      announce(on ? t('people.nowFollowing', { name: user.name }) : t('people.stoppedFollowing', { name: user.name }));
      void qc.invalidateQueries({ queryKey: userKeys.followers(user.id) });
      // The feed changes with whom one follows.
      void qc.invalidateQueries({ queryKey: ['posts', 'feed'] });
    },
    onError: (err, on) => {
      apply(!on);
      setError(errorMessage(t, err));
    },
  });

  return (
    <div className="follow">
      <button
        type="button"
        className={user.isFollowing ? 'btn btn-secondary' : 'btn btn-primary'}
        onClick={() => mutation.mutate(!user.isFollowing)}
      >
        {user.isFollowing ? t('people.unfollow') : t('people.follow')}
      </button>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
