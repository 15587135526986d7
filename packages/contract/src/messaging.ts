import { z } from 'zod';
import { Id, PageQuery, Timestamp, page } from './common.js';
import { LIMITS } from './limits.js';
import { Body } from './posts.js';
import { UserSummary } from './users.js';

/**
 * `direct`: two people (the same two always share one). `group`: several people (the same set
 * shares one, as in Slack). `chat`: a group's live chat, open to the group's members and guests.
 */
export const ConversationKind = z.enum(['direct', 'group', 'chat']);
export type ConversationKind = z.infer<typeof ConversationKind>;

export const Message = z.object({
  id: Id,
  conversationId: Id,
  author: UserSummary,
  body: z.string(),
  html: z.string(),
  mentions: z.array(Id),
  /** The sender's idempotency key, echoed back so a client can match its optimistic copy. */
  clientId: z.string().nullable(),
  createdAt: Timestamp,
  editedAt: Timestamp.nullable(),
});
export type Message = z.infer<typeof Message>;
export const MessageEnvelope = z.object({ message: Message });
export const MessagePage = page(Message);

export const ConversationMember = z.object({
  user: UserSummary,
  /** Read receipts, in conversations of up to LIMITS.readReceiptsUpTo people; null beyond. */
  lastReadMessageId: Id.nullable(),
});
export type ConversationMember = z.infer<typeof ConversationMember>;

export const Conversation = z.object({
  id: Id,
  kind: ConversationKind,
  /** The group a `chat` belongs to. */
  group: z.object({ id: Id, name: z.string(), customer: z.boolean() }).nullable(),
  /** Everyone in a direct or group conversation; empty for a group chat (see the group's members). */
  members: z.array(ConversationMember),
  membersCount: z.number().int(),
  lastMessage: Message.nullable(),
  lastMessageAt: Timestamp.nullable(),
  unreadCount: z.number().int(),
  /** The caller's read position. */
  lastReadMessageId: Id.nullable(),
  createdAt: Timestamp,
  /** Someone from outside the company takes part. */
  hasGuests: z.boolean(),
});
export type Conversation = z.infer<typeof Conversation>;
export const ConversationEnvelope = z.object({ conversation: Conversation });
export const ConversationPage = page(Conversation);

export const ConversationCreate = z
  .object({ memberIds: z.array(Id).min(1).max(LIMITS.conversationMembers) }) // oneself may be listed too
  .strict();

export const ClientId = z
  .string()
  .min(1)
  .max(LIMITS.clientId)
  .regex(/^[0-9A-Za-z_-]+$/, 'letters, digits, _ and - only');

export const MessageCreate = z.object({ body: Body, clientId: ClientId.optional() }).strict();
export const MessageUpdate = z.object({ body: Body }).strict();
export const ReadMark = z.object({ messageId: Id }).strict();
export const MessageParams = z.object({ id: Id, messageId: Id });
export const MessagesQuery = PageQuery;
