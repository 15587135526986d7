import type { Conversation, Message, Page } from '@atrium/contract';
import { api, seg } from '../../lib/api-client';

export type { Conversation, Message };

export const listConversations = (cursor?: string) => api.get<Page<Conversation>>('/conversations', { cursor });
export const getConversation = (id: string) =>
  api.get<{ conversation: Conversation }>(`/conversations/${seg(id)}`).then((r) => r.conversation);
/** The same set of people always shares one conversation: this finds it or starts it. */
export const startConversation = (memberIds: string[]) =>
  api.post<{ conversation: Conversation }>('/conversations', { memberIds }).then((r) => r.conversation);
export const getGroupChat = (groupId: string) =>
  api.get<{ conversation: Conversation }>(`/groups/${seg(groupId)}/chat`).then((r) => r.conversation);

/** Newest first. */
export const getMessages = (conversationId: string, cursor?: string) =>
  api.get<Page<Message>>(`/conversations/${seg(conversationId)}/messages`, { cursor });
/** A retry with the same clientId answers the first message instead of sending a second one. */
export const sendMessage = (conversationId: string, body: string, clientId: string) =>
  api.post<{ message: Message }>(`/conversations/${seg(conversationId)}/messages`, { body, clientId }).then((r) => r.message);
export const editMessage = (conversationId: string, messageId: string, body: string) =>
  api.patch<{ message: Message }>(`/conversations/${seg(conversationId)}/messages/${seg(messageId)}`, { body }).then((r) => r.message);
export const deleteMessage = (conversationId: string, messageId: string) =>
  api.delete(`/conversations/${seg(conversationId)}/messages/${seg(messageId)}`);
export const markRead = (conversationId: string, messageId: string) =>
  api.post<{ conversation: Conversation }>(`/conversations/${seg(conversationId)}/read`, { messageId }).then((r) => r.conversation);

/** A client-made id for an idempotent send (and to match the optimistic copy with the server's). */
export function newClientId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
