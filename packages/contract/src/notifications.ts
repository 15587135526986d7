import { z } from 'zod';
import { Id, PageQuery, Timestamp, page } from './common.js';
import { UserSummary } from './users.js';

/**
 * What a person is told about (the bell): someone mentioned him, commented on or liked his post,
 * wrote on his wall, added him to a group, asks to join a group he runs, or let him in.
 */
export const NotificationKind = z.enum(['mention', 'comment', 'reaction', 'wall_post', 'group_added', 'join_request', 'join_approved']);
export type NotificationKind = z.infer<typeof NotificationKind>;

export const Notification = z.object({
  id: Id,
  kind: NotificationKind,
  /** Who did it. */
  actor: UserSummary.nullable(),
  /** The post it is about, with the start of its text. */
  post: z.object({ id: Id, excerpt: z.string() }).nullable(),
  commentId: Id.nullable(),
  group: z.object({ id: Id, name: z.string() }).nullable(),
  createdAt: Timestamp,
  readAt: Timestamp.nullable(),
});
export type Notification = z.infer<typeof Notification>;
export const NotificationPage = page(Notification);
export const NotificationsQuery = PageQuery.extend({ unread: z.enum(['true', 'false']).optional() });

export const NotificationsUnread = z.object({ unread: z.number().int() });
/** Mark read: everything up to and including `upTo`, or these `ids`. */
export const NotificationsRead = z
  .object({ upTo: Id.optional(), ids: z.array(Id).max(100).optional() })
  .strict()
  .refine((v) => (v.upTo === undefined) !== (v.ids === undefined), 'give either upTo or ids');
