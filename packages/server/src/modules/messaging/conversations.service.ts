import { LIMITS, type Conversation, type Message, type Page } from '@atrium/contract';
import { type AppContext, nowIso } from '../../context.js';
import { uniqueViolation } from '../../db/errors.js';
import type { Executor } from '../../db/schema.js';
import { decodeCursor, pageOf } from '../../lib/cursor.js';
import { AppError, forbidden, invalid, notFound } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { groupPolicy } from '../../policies/groups.policy.js';
import { myGroupIds, visibleUsers } from '../../policies/visibility.js';
import type { Audience } from '../../realtime/audiences.js';
import { writeTransaction } from '../../realtime/transaction.js';
import type { Actor } from '../auth/actor.js';
import { lockGroup } from '../groups/groups.repo.js';
import { loadGroup, loadReadableGroup } from '../groups/groups.service.js';
import { countWrite, renderBody } from '../posts/posts.service.js';
import { parseText, renderText } from '../../lib/text.js';

/**
 * A message's text: in a group chat mentions resolve as in the group's posts; in a direct or
 * group conversation only the people in it can be mentioned (guests too), so nobody is linked to
 * a profile the others may not see.
 */
async function renderMessage(db: Executor, actor: Actor, body: string, conversation: repo.ConversationRow) {
  if (conversation.kind === 'chat') return renderBody(db, actor, body, conversation.group_id);
  const parsed = parseText(body);
  const people = parsed.handles.length
    ? await db
        .selectFrom('users as u')
        .innerJoin('conversation_members as cm', 'cm.user_id', 'u.id')
        .select(['u.id', 'u.handle'])
        .where('cm.conversation_id', '=', conversation.id)
        .where('u.handle', 'in', [...new Set(parsed.handles.map((h) => h.toLowerCase()))])
        .where('u.status', '=', 'active')
        .execute()
    : [];
  return { html: renderText(parsed, new Map(people.map((p) => [p.handle, p.id]))), mentionIds: [...new Set(people.map((p) => p.id))] };
}
import { presentConversations, presentMessages } from './messaging.presenter.js';
import * as repo from './messaging.repo.js';

/**
 * Direct messages, group conversations and group chats (API.md "Messaging and realtime").
 * Who is in: a direct or group conversation lists its members; a group chat is open to the
 * group's members (guests included) and to nobody else, whatever their role in the company.
 */

/** The conversation if the actor is in it; 404 exactly like a missing one otherwise. */
export async function loadConversation(db: Executor, actor: Actor, id: string): Promise<repo.ConversationRow> {
  const row = await repo.findConversation(db, id);
  if (row) {
    if (row.kind === 'chat') {
      // A group that does not exist for him hides its chat; any other failure is no answer to give as 404.
      const group = await loadGroup(db, actor, row.group_id!).catch((err: unknown) => {
        if (err instanceof AppError && err.status === 404) return null;
        throw err;
      });
      if (group && groupPolicy.chat(actor, group.target)) return row;
    } else if (await repo.isMember(db, id, actor.id)) {
      return row;
    }
  }
  throw notFound('No such conversation');
}

/** Who receives a conversation's events (`realtime/audiences.ts`). */
export async function audienceOf(db: Executor, row: repo.ConversationRow): Promise<Audience> {
  return row.kind === 'chat' ? { kind: 'members', groupId: row.group_id! } : { kind: 'users', userIds: await repo.memberIdsOf(db, row.id) };
}

/** For a typing signal: the conversation's audience, if the actor is in it (else 404). */
export async function typingAudience(ctx: AppContext, actor: Actor, conversationId: string): Promise<Audience> {
  return audienceOf(ctx.db, await loadConversation(ctx.db, actor, conversationId));
}

/**
 * A person from outside talks only with people who share a group with him (DESIGN.md §4): every
 * guest among `userIds` must share a group with every other one of them.
 */
async function assertGuestsShareGroups(db: Executor, userIds: string[]) {
  const people = await db.selectFrom('users').select(['id', 'kind']).where('id', 'in', userIds).execute();
  const guests = people.filter((p) => p.kind === 'guest').map((p) => p.id);
  if (guests.length === 0) return;
  const pairs = await db
    .selectFrom('group_members as g')
    .innerJoin('group_members as o', 'o.group_id', 'g.group_id')
    .select(['g.user_id as guest', 'o.user_id as other'])
    .distinct()
    .where('g.user_id', 'in', guests)
    .where('o.user_id', 'in', userIds)
    .execute();
  const shared = new Set(pairs.map((p) => `${p.guest}:${p.other}`));
  for (const g of guests) {
    for (const other of userIds) {
      if (other !== g && !shared.has(`${g}:${other}`)) {
        throw forbidden('People from outside can only talk with people who share a group with them');
      }
    }
  }
}

async function presentOne(db: Executor, row: repo.ConversationRow, actor: Actor): Promise<Conversation> {
  return (await presentConversations(db, [row], actor))[0];
}

/** Start (or find) the conversation of the actor with these people: the same set always shares one. */
export async function startConversation(ctx: AppContext, actor: Actor, input: { memberIds: string[] }): Promise<{ conversation: Conversation; created: boolean }> {
  const others = [...new Set(input.memberIds)].filter((id) => id !== actor.id);
  if (others.length === 0) throw invalid('memberIds', 'Name at least one other person');
  if (others.length >= LIMITS.conversationMembers) throw invalid('memberIds', `At most ${LIMITS.conversationMembers} people talk in one conversation`);
  const found = await ctx.db
    .selectFrom('users as u')
    .select('u.id')
    .where('u.id', 'in', others)
    .where('u.status', '=', 'active')
    .where(visibleUsers(actor))
    .execute();
  if (found.length !== others.length) throw invalid('memberIds', 'No such person');
  const everyone = [actor.id, ...others].sort();
  await assertGuestsShareGroups(ctx.db, everyone);
  const kind = everyone.length === 2 ? ('direct' as const) : ('group' as const);
  const key = `${kind}:${everyone.join(',')}`;
  const existing = await repo.findByMemberKey(ctx.db, key);
  if (existing) return { conversation: await presentOne(ctx.db, existing, actor), created: false };
  countWrite(ctx, actor); // a new conversation is a write (finding one is not)
  const now = nowIso(ctx);
  const row: repo.ConversationRow = { id: newId(), kind, group_id: null, member_key: key, created_by: actor.id, created_at: now, last_message_id: null, last_message_at: null, activity_at: now };
  try {
    await ctx.db.transaction().execute(async (tx) => {
      await tx.insertInto('conversations').values(row).execute();
      await tx
        .insertInto('conversation_members')
        .values(everyone.map((user_id) => ({ conversation_id: row.id, user_id, last_read_message_id: null, joined_at: now })))
        .execute();
    });
  } catch (err) {
    // The same two people started it at the same moment: theirs won, and it is ours too.
    if (uniqueViolation(err) === null) throw err;
    return { conversation: await presentOne(ctx.db, (await repo.findByMemberKey(ctx.db, key))!, actor), created: false };
  }
  return { conversation: await presentOne(ctx.db, row, actor), created: true };
}

/** The actor's conversations and the chats of his groups, latest activity first. */
export async function listConversations(ctx: AppContext, actor: Actor, query: { cursor?: string; limit: number }): Promise<Page<Conversation>> {
  const after = decodeCursor(query.cursor, 2);
  let q = ctx.db
    .selectFrom('conversations as c')
    .selectAll('c')
    .where((eb) =>
      eb.or([
        eb('c.id', 'in', eb.selectFrom('conversation_members').select('conversation_id').where('user_id', '=', actor.id)).and('c.kind', '!=', 'chat'),
        eb('c.group_id', 'in', myGroupIds(eb, actor)),
      ]),
    );
  if (after) q = q.where((eb) => eb.or([eb('c.activity_at', '<', after[0]), eb.and([eb('c.activity_at', '=', after[0]), eb('c.id', '<', after[1])])]));
  const rows = await q.orderBy('c.activity_at', 'desc').orderBy('c.id', 'desc').limit(query.limit + 1).execute();
  const { rows: kept, nextCursor } = pageOf(rows, query.limit, (r) => [r.activity_at, r.id]);
  return { items: await presentConversations(ctx.db, kept, actor), nextCursor };
}

export async function getConversation(ctx: AppContext, actor: Actor, id: string): Promise<Conversation> {
  return presentOne(ctx.db, await loadConversation(ctx.db, actor, id), actor);
}

/** A group's live chat, made on first use; its members' (guests included) and nobody else's. */
export async function groupChat(ctx: AppContext, actor: Actor, groupId: string): Promise<Conversation> {
  const group = await loadReadableGroup(ctx.db, actor, groupId);
  if (!groupPolicy.chat(actor, group.target)) throw forbidden('Join the group to take part in its chat');
  let row = await repo.findChatOfGroup(ctx.db, groupId);
  if (!row) {
    await ctx.db
      .insertInto('conversations')
      .values({ id: newId(), kind: 'chat', group_id: groupId, member_key: null, created_by: actor.id, created_at: nowIso(ctx), last_message_id: null, last_message_at: null, activity_at: nowIso(ctx) })
      .onConflict((oc) => oc.column('group_id').doNothing())
      .execute();
    row = (await repo.findChatOfGroup(ctx.db, groupId))!;
  }
  return presentOne(ctx.db, row, actor);
}

/** Messages newest first, keyset-paged by id. */
export async function listMessages(ctx: AppContext, actor: Actor, conversationId: string, query: { cursor?: string; limit: number }): Promise<Page<Message>> {
  await loadConversation(ctx.db, actor, conversationId);
  const before = decodeCursor(query.cursor, 1);
  let q = ctx.db.selectFrom('messages').selectAll().where('conversation_id', '=', conversationId);
  if (before) q = q.where('id', '<', before[0]);
  const rows = await q.orderBy('id', 'desc').limit(query.limit + 1).execute();
  const { rows: kept, nextCursor } = pageOf(rows, query.limit, (r) => [r.id]);
  return { items: await presentMessages(ctx.db, kept), nextCursor };
}

/** Writing in a conversation: in a chat, the group must be open and the actor a member. */
async function assertMayWrite(ctx: AppContext, tx: Executor, actor: Actor, row: repo.ConversationRow) {
  if (row.kind === 'chat') {
    await lockGroup(tx, ctx.dialect, row.group_id!);
    const group = await loadGroup(tx, actor, row.group_id!);
    if (group.target.archived) throw forbidden('This group is archived');
    if (!groupPolicy.post(actor, group.target)) throw forbidden('Join the group to take part in its chat');
  } else {
    await assertGuestsShareGroups(tx, await repo.memberIdsOf(tx, row.id));
  }
}

/**
 * Send a message. Acknowledged only once committed (SQLite synchronous=FULL, PostgreSQL's
 * synchronous commit). A retry with the same `clientId` answers the first message instead of
 * writing a second one — also when the two attempts race (the unique index decides).
 */
export async function sendMessage(
  ctx: AppContext,
  actor: Actor,
  conversationId: string,
  input: { body: string; clientId?: string },
): Promise<{ message: Message; created: boolean }> {
  const replay = async () => {
    const first = input.clientId ? await repo.findByClientId(ctx.db, conversationId, actor.id, input.clientId) : undefined;
    return first ? { message: (await presentMessages(ctx.db, [first]))[0], created: false } : null;
  };
  await loadConversation(ctx.db, actor, conversationId);
  const earlier = await replay();
  if (earlier) return earlier;
  countWrite(ctx, actor);
  try {
    return await writeTransaction(ctx, async (tx, emit) => {
      const conversation = await loadConversation(tx, actor, conversationId);
      await assertMayWrite(ctx, tx, actor, conversation);
      const text = await renderMessage(tx, actor, input.body, conversation);
      const row: repo.MessageRow = {
        id: newId(),
        conversation_id: conversationId,
        author_id: actor.id,
        body: input.body,
        html: text.html,
        mentions: JSON.stringify(text.mentionIds),
        client_id: input.clientId ?? null,
        created_at: nowIso(ctx),
        edited_at: null,
      };
      await tx.insertInto('messages').values(row).execute();
      await repo.setLastMessage(tx, conversationId, row);
      await repo.advanceRead(tx, conversationId, actor.id, row.id, row.created_at); // one's own message is read
      const message = (await presentMessages(tx, [row]))[0];
      emit({ type: 'message.created', data: { message, conversationId }, audience: await audienceOf(tx, conversation) });
      return { message, created: true };
    });
  } catch (err) {
    if (input.clientId && uniqueViolation(err) !== null) {
      const raced = await replay();
      if (raced) return raced;
    }
    throw err;
  }
}

async function loadOwnMessage(tx: Executor, actor: Actor, conversationId: string, messageId: string) {
  const conversation = await loadConversation(tx, actor, conversationId);
  const message = await repo.findMessage(tx, conversationId, messageId);
  if (!message) throw notFound('No such message');
  return { conversation, message };
}

export async function editMessage(ctx: AppContext, actor: Actor, conversationId: string, messageId: string, input: { body: string }): Promise<Message> {
  countWrite(ctx, actor);
  return writeTransaction(ctx, async (tx, emit) => {
    const { conversation, message } = await loadOwnMessage(tx, actor, conversationId, messageId);
    if (message.author_id !== actor.id) throw forbidden('Only the author edits a message');
    await assertMayWrite(ctx, tx, actor, conversation);
    const text = await renderMessage(tx, actor, input.body, conversation);
    const patch = { body: input.body, html: text.html, mentions: JSON.stringify(text.mentionIds), edited_at: nowIso(ctx) };
    await tx.updateTable('messages').set(patch).where('id', '=', messageId).execute();
    const presented = (await presentMessages(tx, [{ ...message, ...patch }]))[0];
    emit({ type: 'message.updated', data: { message: presented }, audience: await audienceOf(tx, conversation) });
    return presented;
  });
}

/** The author deletes his message; in a group chat its owners and managers may too (moderation). */
export async function deleteMessage(ctx: AppContext, actor: Actor, conversationId: string, messageId: string): Promise<void> {
  await writeTransaction(ctx, async (tx, emit) => {
    const { conversation, message } = await loadOwnMessage(tx, actor, conversationId, messageId);
    if (message.author_id !== actor.id) {
      const group = conversation.group_id ? await loadGroup(tx, actor, conversation.group_id) : null;
      if (!group || !groupPolicy.manage(actor, group.target)) throw forbidden('Only the author deletes a message');
    }
    if (conversation.kind === 'chat') {
      const group = await loadGroup(tx, actor, conversation.group_id!);
      if (group.target.archived) throw forbidden('This group is archived');
    }
    await repo.lockConversation(tx, ctx.dialect, conversationId);
    await tx.deleteFrom('messages').where('id', '=', messageId).execute();
    await repo.refreshLastMessage(tx, conversationId, messageId);
    emit({ type: 'message.deleted', data: { messageId, conversationId }, audience: await audienceOf(tx, conversation) });
  });
}

/**
 * Mark read up to a message. Everyone in a small conversation sees it (read receipts); in a larger
 * one only the reader's own other tabs and devices do.
 */
export async function markRead(ctx: AppContext, actor: Actor, conversationId: string, input: { messageId: string }): Promise<Conversation> {
  const conversation = await writeTransaction(ctx, async (tx, emit) => {
    const row = await loadConversation(tx, actor, conversationId);
    if (!(await repo.findMessage(tx, conversationId, input.messageId))) throw invalid('messageId', 'No such message in this conversation');
    await repo.advanceRead(tx, conversationId, actor.id, input.messageId, nowIso(ctx));
    const presented = await presentOne(tx, row, actor);
    const audience: Audience = presented.membersCount <= LIMITS.readReceiptsUpTo ? await audienceOf(tx, row) : { kind: 'users', userIds: [actor.id] };
    emit({ type: 'conversation.read', data: { conversationId, userId: actor.id, messageId: presented.lastReadMessageId ?? input.messageId }, audience });
    return presented;
  });
  return conversation;
}
