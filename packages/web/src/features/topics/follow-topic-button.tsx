import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { announce } from '../../lib/announce';
import { errorMessage } from '../../lib/error-message';
import { followTopic, topicKey, type Topic } from './topics.api';

export function FollowTopicButton({ topic }: { topic: Topic }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const key = topicKey(topic.name);
  const apply = (on: boolean) =>
    qc.setQueryData<Topic>(key, (tp) =>
      tp && tp.isFollowing !== on ? { ...tp, isFollowing: on, followersCount: Math.max(0, tp.followersCount + (on ? 1 : -1)) } : tp,
    );
  const mutation = useMutation({
    mutationFn: (on: boolean) => followTopic(topic.name, on),
    onMutate: (on) => {
      setError(null);
      apply(on);
    },
    onSuccess: (_r, on) => {
      announce(on ? t('topics.nowFollowing', { name: topic.name }) : t('topics.stoppedFollowing', { name: topic.name }));
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
        className={topic.isFollowing ? 'btn btn-secondary' : 'btn btn-primary'}
        onClick={() => mutation.mutate(!topic.isFollowing)}
      >
        {topic.isFollowing ? t('topics.unfollow') : t('topics.follow')}
      </button>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
