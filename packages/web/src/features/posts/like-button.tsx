import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Post } from '@atrium/contract';
import { Icon } from '../../components/icons';
import { errorMessage } from '../../lib/error-message';
import { setReaction } from './posts.api';
import { updatePostEverywhere } from './posts.cache';

const KIND = 'like';

function withLike(p: Post, on: boolean): Post {
  const has = p.myReactions.includes(KIND);
  if (has === on) return p;
  const count = Math.max(0, (p.reactions[KIND] ?? 0) + (on ? 1 : -1));
  return {
    ...p,
    reactions: { ...p.reactions, [KIND]: count },
    myReactions: on ? [...p.myReactions, KIND] : p.myReactions.filter((k) => k !== KIND),
  };
}

/** Like with an optimistic count, reconciled with the server's answer; a failure says so here. */
export function LikeButton({ post }: { post: Post }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const liked = post.myReactions.includes(KIND);
  const count = post.reactions[KIND] ?? 0;

  const mutation = useMutation({
    mutationFn: (on: boolean) => setReaction(post.id, KIND, on),
    onMutate: (on) => {
      setError(null);
      updatePostEverywhere(qc, post.id, (p) => withLike(p, on));
    },
    onSuccess: (res) => updatePostEverywhere(qc, post.id, (p) => ({ ...p, reactions: res.reactions, myReactions: res.myReactions })),
    onError: (err, on) => {
      updatePostEverywhere(qc, post.id, (p) => withLike(p, !on));
      setError(errorMessage(t, err));
    },
  });

  return (
    <>
      <button
        type="button"
        className={liked ? 'action is-active' : 'action'}
        aria-pressed={liked}
        onClick={() => mutation.mutate(!liked)}
      >
        <Icon name="like" filled={liked} />
        <span>{t('posts.like')}</span>
        {count > 0 && (
          <>
            <span className="action-count" aria-hidden="true">
              {count}
            </span>
            <span className="visually-hidden">{t('posts.likesCount', { count })}</span>
          </>
        )}
      </button>
      {error && (
        <span className="action-error" role="alert">
          {error}{' '}
          <button type="button" className="btn-link" onClick={() => mutation.mutate(!liked)}>
            {t('common.retry')}
          </button>
        </span>
      )}
    </>
  );
}
