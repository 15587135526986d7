import type { TFunction } from 'i18next';
import type { Notification } from '@atrium/contract';

/** Stands for the actor's name in the sentence, so the name can be set apart (bold) where it is. */
export const NAME_MARK = '\uE000';

/** "Anna Example mentioned you in a post", with NAME_MARK where the name goes. */
export function notificationSentence(n: Notification, t: TFunction): string {
  const name = NAME_MARK;
  const group = n.group?.name;
  switch (n.kind) {
    case 'mention':
      return n.commentId ? t('notifications.kinds.mentionComment', { name }) : t('notifications.kinds.mention', { name });
    case 'comment':
      return t('notifications.kinds.comment', { name });
    case 'reaction':
      return t('notifications.kinds.reaction', { name });
    case 'wall_post':
      return t('notifications.kinds.wallPost', { name });
    case 'group_added':
      return group ? t('notifications.kinds.groupAdded', { name, group }) : t('notifications.kinds.groupAddedUnnamed', { name });
    case 'join_request':
      return group ? t('notifications.kinds.joinRequest', { name, group }) : t('notifications.kinds.joinRequestUnnamed', { name });
    case 'join_approved':
      return group ? t('notifications.kinds.joinApproved', { name, group }) : t('notifications.kinds.joinApprovedUnnamed', { name });
  }
}

/** Where a notification leads: the post (at the comment), the group (its requests for a join request). */
export function notificationTarget(n: Notification): string | null {
  if (n.post) return `/posts/${encodeURIComponent(n.post.id)}${n.commentId ? `#comment-${encodeURIComponent(n.commentId)}` : ''}`;
  if (n.group) return `/groups/${encodeURIComponent(n.group.id)}${n.kind === 'join_request' ? '?tab=requests' : ''}`;
  if (n.actor) return `/people/${encodeURIComponent(n.actor.id)}`;
  return null;
}
