import { sql } from 'kysely';
import type { Dialect } from '../../db/connect.js';
import type { ConversationsTable, Executor, MessagesTable } from '../../db/schema.js';

export type ConversationRow = ConversationsTable;
export type MessageRow = MessagesTable;

export const findConversation = (db: Executor, id: string) =>
  db.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirst();

export const findByMemberKey = (db: Executor, key: string) =>
  db.selectFrom('conversations').selectAll().where('member_key', '=', key).executeTakeFirst();

export const findChatOfGroup = (db: Executor, groupId: string) =>
  db.selectFrom('conversations').selectAll().where('group_id', '=', groupId).executeTakeFirst();

export const memberIdsOf = async (db: Executor, conversationId: string) =>
  (await db.selectFrom('conversation_members').select('user_id').where('conversation_id', '=', conversationId).execute()).map((r) => r.user_id);

export const isMember = async (db: Executor, conversationId: string, userId: string) =>
  (await db
    .selectFrom('conversation_members')
    .select('user_id')
    .where('conversation_id', '=', conversationId)
    .where('user_id', '=', userId)
    .executeTakeFirst()) !== undefined;

export const findMessage = (db: Executor, conversationId: string, id: string) =>
  db.selectFrom('messages').selectAll().where('conversation_id', '=', conversationId).where('id', '=', id).executeTakeFirst();

export const findByClientId = (db: Executor, conversationId: string, authorId: string, clientId: string) =>
  db
    .selectFrom('messages')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .where('author_id', '=', authorId)
    .where('client_id', '=', clientId)
    .executeTakeFirst();

/** Move a person's read position forward (never back), creating his row in a group chat. */
export async function advanceRead(db: Executor, conversationId: string, userId: string, messageId: string, now: string) {
  await db
    .insertInto('conversation_members')
    .values({ conversation_id: conversationId, user_id: userId, last_read_message_id: messageId, joined_at: now })
    .onConflict((oc) =>
      oc.columns(['conversation_id', 'user_id']).doUpdateSet({
        last_read_message_id: sql`CASE WHEN conversation_members.last_read_message_id IS NULL OR conversation_members.last_read_message_id < excluded.last_read_message_id THEN excluded.last_read_message_id ELSE conversation_members.last_read_message_id END`,
      }),
    )
    .execute();
}

/**
 * Deletes of a conversation's messages one at a time (PostgreSQL; SQLite runs one write at a time
 * anyway): two deletes must not each pick the other's message as the new last one.
 */
export async function lockConversation(db: Executor, dialect: Dialect, id: string) {
  if (dialect === 'postgres') await sql`select id from conversations where id = ${id} for update`.execute(db);
}

/**
 * A new message becomes the last one, unless a newer one already is: concurrent sends may commit
 * out of id order (the condition is checked again on the row once a concurrent writer is done).
 */
export async function setLastMessage(db: Executor, conversationId: string, message: { id: string; created_at: string }) {
  await db
    .updateTable('conversations')
    .set({ last_message_id: message.id, last_message_at: message.created_at, activity_at: message.created_at })
    .where('id', '=', conversationId)
    .where((eb) => eb.or([eb('last_message_id', 'is', null), eb('last_message_id', '<', message.id)]))
    .execute();
}

/**
 * After deleting a message, under `lockConversation`: if it was the last one, the newest remaining
 * message is. (A send racing this sets itself afterwards, being newer.)
 */
export async function refreshLastMessage(db: Executor, conversationId: string, deletedId: string) {
  const last = await db
    .selectFrom('messages')
    .select(['id', 'created_at'])
    .where('conversation_id', '=', conversationId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  await db
    .updateTable('conversations')
    .set({ last_message_id: last?.id ?? null, last_message_at: last?.created_at ?? null })
    .where('id', '=', conversationId)
    .where('last_message_id', '=', deletedId)
    .execute();
}
