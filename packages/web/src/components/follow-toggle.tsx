import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from '@tanstack/react-query';
import { announce } from '../lib/announce';
import { errorMessage } from '../lib/error-message';

interface Texts {
  follow: string;
  unfollow: string;
  /** Announced to screen readers once the server has agreed. */
  nowFollowing: string;
  stoppedFollowing: string;
}

interface Props<T> {
  following: boolean;
  /** Shows the new state in the cache at once; called again with the opposite to undo it. */
  apply: (on: boolean) => void;
  request: (on: boolean) => Promise<T>;
  /** Whatever else changes once the server agreed (fresh data, lists that depend on it). */
  onFollowed?: (result: T) => void;
  texts: Texts;
}

/** Follow / Unfollow with an immediate answer on screen, undone if the server refuses. */
export function FollowToggle<T>({ following, apply, request, onFollowed, texts }: Props<T>) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: request,
    onMutate: (on) => {
      setError(null);
      apply(on);
    },
    onSuccess: (result, on) => {
      onFollowed?.(result);
      announce(on ? texts.nowFollowing : texts.stoppedFollowing);
    },
    onError: (err, on) => {
      apply(!on);
      setError(errorMessage(t, err));
    },
  });

  return (
    <div className="follow">
      <button type="button" className={following ? 'btn btn-secondary' : 'btn btn-primary'} onClick={() => mutation.mutate(!following)}>
        {following ? texts.unfollow : texts.follow}
      </button>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
