import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { FollowToggle } from '../../components/follow-toggle';
import { followTopic, topicKey, type Topic } from './topics.api';

export function FollowTopicButton({ topic }: { topic: Topic }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const apply = (on: boolean) =>
    qc.setQueryData<Topic>(topicKey(topic.name), (tp) =>
      tp && tp.isFollowing !== on ? { ...tp, isFollowing: on, followersCount: Math.max(0, tp.followersCount + (on ? 1 : -1)) } : tp,
    );

  return (
    <FollowToggle
      following={topic.isFollowing}
      apply={apply}
      request={(on) => followTopic(topic.name, on)}
      // The feed changes with the topics one follows.
      onFollowed={() => void qc.invalidateQueries({ queryKey: ['posts', 'feed'] })}
      texts={{
        follow: t('topics.follow'),
        unfollow: t('topics.unfollow'),
        nowFollowing: t('topics.nowFollowing', { name: topic.name }),
        stoppedFollowing: t('topics.stoppedFollowing', { name: topic.name }),
      }}
    />
  );
}
