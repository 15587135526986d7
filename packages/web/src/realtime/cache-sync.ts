import type { QueryClient } from '@tanstack/react-query';
import type { Comment, Message } from '@atrium/contract';
import { i18next } from '../i18n';
import { showToast } from '../lib/toasts';
import { groupKeys } from '../features/groups/groups.api';
import { applyNewMessage, applyRead, findConversation, messagingKeys, removeMessage, replaceMessage } from '../features/messaging/messaging.cache';
import { messagePreview } from '../features/messaging/preview';
import { settleOutgoing } from '../features/messaging/outbox';
import { isViewing } from '../features/messaging/viewing';
import { applyNotificationCreated, applyNotificationsRead } from '../features/notifications/notifications.cache';
import { LATEST_COMMENTS, postKeys, updatePostEverywhere, type CommentPages } from '../features/posts/posts.cache';
import { stream } from './stream';
import { noteTyping, stopTyping } from './typing';

/**
 * Socket events → the query cache (DESIGN: realtime/). Event payloads are shown as an ordinary
 * reader sees them (myReactions [], canEdit false): the viewer's own fields are never taken from
 * them, only the shared ones (bodies, counts).
 */
export function syncCache(qc: QueryClient, meId: string): () => void {
  /** One's own comment, from another tab: one may edit and delete it here too. */
  const own = (c: Comment): Comment => (c.author.id === meId ? { ...c, canEdit: true, canDelete: true } : c);
  const mapComments = (data: CommentPages | undefined, fn: (items: Comment[]) => Comment[]) =>
    data ? { ...data, pages: data.pages.map((pg) => ({ ...pg, items: fn(pg.items) })) } : data;

  const offs = [
    // Too far behind to catch up event by event: reload whatever is on screen.
    stream.on('resync', () => void qc.invalidateQueries()),

    // Posts: new ones are offered by the lists themselves ("3 new posts"); these patch what is shown.
    stream.on('post.updated', ({ post }) =>
      updatePostEverywhere(qc, post.id, (p) => ({
        ...p,
        body: post.body,
        html: post.html,
        editedAt: post.editedAt,
        mentions: post.mentions,
        topics: post.topics,
        announcement: post.announcement,
      })),
    ),
    stream.on('post.deleted', ({ postId }) => updatePostEverywhere(qc, postId, () => null)),
    stream.on('reaction.changed', ({ postId, reactions, userId, kind, on }) =>
      updatePostEverywhere(qc, postId, (p) => ({
        ...p,
        reactions,
        // Only one's own reaction (from another tab) changes one's own state.
        myReactions:
          userId !== meId ? p.myReactions : on ? [...new Set([...p.myReactions, kind])] : p.myReactions.filter((k) => k !== kind),
      })),
    ),
    stream.on('comment.created', ({ comment, postId, commentsCount }) => {
      const c = own(comment);
      updatePostEverywhere(qc, postId, (p) => ({
        ...p,
        commentsCount,
        latestComments: p.latestComments.some((x) => x.id === c.id) ? p.latestComments : [...p.latestComments, c].slice(-LATEST_COMMENTS),
      }));
      qc.setQueryData<CommentPages>(postKeys.comments(postId), (data) => {
        if (!data || data.pages.length === 0) return data;
        const all = data.pages.flatMap((pg) => pg.items);
        if (all.some((x) => x.id === c.id)) return data;
        // One's own comment still on its way in this tab: its answer puts it in place.
        if (all.some((x) => x.id.startsWith('pending-') && x.author.id === c.author.id && x.body === c.body)) return data;
        const pages = [...data.pages];
        const last = pages[pages.length - 1]!;
        pages[pages.length - 1] = { ...last, items: [...last.items, c] };
        return { ...data, pages };
      });
    }),
    stream.on('comment.updated', ({ comment, postId }) => {
      const patch = (x: Comment) => (x.id === comment.id ? { ...comment, canEdit: x.canEdit, canDelete: x.canDelete } : x);
      updatePostEverywhere(qc, postId, (p) => ({ ...p, latestComments: p.latestComments.map(patch) }));
      qc.setQueryData<CommentPages>(postKeys.comments(postId), (data) => mapComments(data, (items) => items.map(patch)));
    }),
    stream.on('comment.deleted', ({ commentId, postId, commentsCount }) => {
      updatePostEverywhere(qc, postId, (p) => ({ ...p, commentsCount, latestComments: p.latestComments.filter((x) => x.id !== commentId) }));
      qc.setQueryData<CommentPages>(postKeys.comments(postId), (data) => mapComments(data, (items) => items.filter((x) => x.id !== commentId)));
    }),

    // Messages.
    stream.on('message.created', ({ message }) => {
      const viewing = isViewing(message.conversationId);
      stopTyping(message.conversationId, message.author.id);
      applyNewMessage(qc, message, { meId, viewing });
      if (message.author.id === meId) settleOutgoing(message.conversationId, message.clientId);
      if (message.author.id !== meId && !viewing) toastFor(qc, message);
    }),
    stream.on('message.updated', ({ message }) => replaceMessage(qc, message)),
    stream.on('message.deleted', ({ messageId, conversationId }) => removeMessage(qc, conversationId, messageId)),
    stream.on('conversation.read', (ev) => applyRead(qc, ev, meId)),
    stream.on('typing', ({ conversationId, userId }) => {
      if (userId !== meId) noteTyping(conversationId, userId);
    }),

    // Groups: who is in changed, or the group itself did.
    stream.on('membership.changed', ({ groupId, userId }) => {
      void qc.invalidateQueries({ queryKey: groupKeys.one(groupId) });
      void qc.invalidateQueries({ queryKey: groupKeys.members(groupId) });
      void qc.invalidateQueries({ queryKey: groupKeys.requests(groupId) });
      if (userId === meId) {
        // One's own groups: their lists, their posts in the feed, their chats.
        void qc.invalidateQueries({ queryKey: ['groups', 'list'] });
        void qc.invalidateQueries({ queryKey: messagingKeys.all });
        void qc.invalidateQueries({ queryKey: postKeys.all, refetchType: 'none' });
      }
    }),
    stream.on('group.updated', ({ groupId }) => {
      void qc.invalidateQueries({ queryKey: groupKeys.one(groupId) });
      void qc.invalidateQueries({ queryKey: ['groups', 'list'] });
      void qc.invalidateQueries({ queryKey: messagingKeys.groupChat(groupId) });
    }),

    // The bell: a new notification (to this person only), or some read in another tab. No toast.
    stream.on('notification.created', ({ notification }) => applyNotificationCreated(qc, notification)),
    stream.on('notification.read', ({ unread }) => applyNotificationsRead(qc, unread)),
  ];
  return () => offs.forEach((off) => off());
}

/** "Anna Example: See you at 3", or "Anna Example in Müller Support: …" for a group's chat. */
function toastFor(qc: QueryClient, message: Message) {
  const conversation = findConversation(qc, message.conversationId);
  const group = conversation?.group?.name;
  showToast({
    key: `conversation:${message.conversationId}`,
    title: group ? i18next.t('toasts.messageInGroup', { name: message.author.name, group }) : message.author.name,
    body: messagePreview(message),
    to: `/messages/${message.conversationId}`,
  });
}
