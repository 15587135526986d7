import { z } from 'zod';
import { Id } from './common.js';
import { GroupRole } from './groups.js';
import { LIMITS } from './limits.js';
import { Message } from './messaging.js';
import { Comment, Post } from './posts.js';
import type { Notification } from './notifications.js';

/**
 * The typed catalogue of what `GET /api/v1/stream` sends (API.md "Messaging and realtime").
 * Durable events carry a rising `id` (a decimal string) and are replayed after `?since=<id>`;
 * `typing` and `presence` are ephemeral and carry none. Payloads are shown as an ordinary reader
 * sees them: viewer-specific fields (`myReactions`, `canEdit`, `canDelete`) are neutral there.
 */
export interface StreamEventData {
  'post.created': { post: Post };
  'post.updated': { post: Post };
  'post.deleted': { postId: string; groupId: string | null };
  'comment.created': { comment: Comment; postId: string; commentsCount: number };
  'comment.updated': { comment: Comment; postId: string };
  'comment.deleted': { commentId: string; postId: string; commentsCount: number };
  'reaction.changed': { postId: string; reactions: Record<string, number>; userId: string; kind: string; on: boolean };
  'message.created': { message: Message; conversationId: string };
  'message.updated': { message: Message };
  'message.deleted': { messageId: string; conversationId: string };
  /** Someone's read position moved: the reader's other tabs, and read receipts in small conversations. */
  'conversation.read': { conversationId: string; userId: string; messageId: string };
  /** `role` null: the person left or was removed. */
  'membership.changed': { groupId: string; userId: string; role: z.infer<typeof GroupRole> | null };
  'group.updated': { groupId: string };
  /** To its recipient only. */
  'notification.created': { notification: Notification };
  /** The recipient read some: his other tabs update the bell. */
  'notification.read': { unread: number };
}
export type StreamEventType = keyof StreamEventData;

export type StreamEvent = { [K in StreamEventType]: { type: K; id: string; data: StreamEventData[K] } }[StreamEventType];

export interface StreamSignalData {
  typing: { conversationId: string; userId: string };
  presence: { userId: string; status: 'online' | 'offline' };
}
export type StreamSignal = { [K in keyof StreamSignalData]: { type: K; data: StreamSignalData[K] } }[keyof StreamSignalData];

/** Control messages: `ready` after the backlog (its id is the newest event id), `resync` when the cursor is too old, `heartbeat` every 25 s. */
export type StreamControl =
  | { type: 'ready'; id: string }
  | { type: 'resync' }
  | { type: 'heartbeat' }
  /** A client message the server could not take (the socket stays open). */
  | { type: 'error'; data: { code: string; message: string } };

export type StreamMessage = StreamEvent | StreamSignal | StreamControl;

/** What a client may send on the socket. */
export const StreamClientMessage = z.discriminatedUnion('type', [
  /** "I am typing in this conversation"; at most one per few seconds is passed on. */
  z.object({ type: z.literal('typing'), conversationId: Id }).strict(),
  /** Follow the presence of these people (replaces the previous list); their current status comes back at once. */
  z.object({ type: z.literal('presence.subscribe'), userIds: z.array(Id).max(LIMITS.presenceSubscriptions) }).strict(),
]);
export type StreamClientMessage = z.infer<typeof StreamClientMessage>;

/** Close codes the server uses (4000–4999 are the application's). */
export const STREAM_CLOSE = {
  /** The session ended: logout, deactivation, password change, expiry. Sign in again. */
  sessionEnded: 4001,
  /** Not authenticated, or the Origin is not ours. */
  unauthorized: 4003,
  /** The server is shutting down; reconnect (to another node). */
  goingAway: 1001,
} as const;
