import { LIMITS, type Conversation, type Message } from '@atrium/contract';
import type { UserSummary } from '@atrium/contract';
import type { Executor } from '../../db/schema.js';
import { presentUserSummary } from '../people/users.presenter.js';
import { findUsersByIds } from '../people/users.repo.js';
import type { Actor } from '../auth/actor.js';
import type { ConversationRow, MessageRow } from './messaging.repo.js';

export function presentMessage(row: MessageRow, author: UserSummary): Message {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    author,
    body: row.body,
    html: row.html,
    mentions: JSON.parse(row.mentions) as string[],
    clientId: row.client_id,
    createdAt: row.created_at,
    editedAt: row.edited_at,
  };
}

export async function presentMessages(db: Executor, rows: MessageRow[]): Promise<Message[]> {
  const authors = new Map((await findUsersByIds(db, rows.map((r) => r.author_id))).map((u) => [u.id, presentUserSummary(u)]));
  return rows.map((r) => presentMessage(r, authors.get(r.author_id)!));
}

/**
 * A page of conversations as the actor sees them, in a fixed number of queries: members and their
 * read positions, the groups of chats, last messages and their authors, unread counts.
 */
export async function presentConversations(db: Executor, rows: ConversationRow[], actor: Actor): Promise<Conversation[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const groupIds = rows.flatMap((r) => (r.group_id ? [r.group_id] : []));
  const lastIds = rows.flatMap((r) => (r.last_message_id ? [r.last_message_id] : []));
  const withMembers = rows.filter((r) => r.kind !== 'chat').map((r) => r.id);
  const [members, groups, lastMessages, unread, mine] = await Promise.all([
    withMembers.length
      ? db
          .selectFrom('conversation_members as cm')
          .innerJoin('users as u', 'u.id', 'cm.user_id')
          .selectAll('u')
          .select(['cm.conversation_id', 'cm.last_read_message_id'])
          .where('cm.conversation_id', 'in', withMembers)
          .orderBy('u.name')
          .execute()
      : [],
    groupIds.length
      ? db
          .selectFrom('groups as g')
          .select((eb) => [
            'g.id',
            'g.name',
            'g.customer',
            eb.selectFrom('group_members as m').select((e) => e.fn.countAll<number>().as('n')).whereRef('m.group_id', '=', 'g.id').as('members'),
          ])
          .where('g.id', 'in', groupIds)
          .execute()
      : [],
    lastIds.length ? db.selectFrom('messages').selectAll().where('id', 'in', lastIds).execute() : [],
    db
      .selectFrom('messages as m')
      .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
      .leftJoin('conversation_members as cm', (j) => j.onRef('cm.conversation_id', '=', 'm.conversation_id').on('cm.user_id', '=', actor.id))
      .leftJoin('group_members as gm', (j) => j.onRef('gm.group_id', '=', 'c.group_id').on('gm.user_id', '=', actor.id))
      .select((eb) => ['m.conversation_id', eb.fn.countAll<number>().as('n')])
      .where('m.conversation_id', 'in', ids)
      .where('m.author_id', '!=', actor.id)
      .where((eb) =>
        eb.or([
          eb('m.id', '>', eb.ref('cm.last_read_message_id')),
          // Never read: everything in a conversation; in a group chat, what came since he joined.
          eb.and([eb('cm.last_read_message_id', 'is', null), eb.or([eb('c.kind', '!=', 'chat'), eb('m.created_at', '>=', eb.ref('gm.created_at'))])]),
        ]),
      )
      .groupBy('m.conversation_id')
      .execute(),
    db
      .selectFrom('conversation_members')
      .select(['conversation_id', 'last_read_message_id'])
      .where('conversation_id', 'in', ids)
      .where('user_id', '=', actor.id)
      .execute(),
  ]);
  const lastAuthors = await findUsersByIds(db, lastMessages.map((m) => m.author_id));
  const authors = new Map([...lastAuthors, ...members].map((u) => [u.id, presentUserSummary(u)]));
  const last = new Map(lastMessages.map((m) => [m.id, presentMessage(m, authors.get(m.author_id)!)]));
  const groupById = new Map(groups.map((g) => [g.id, g]));
  const unreadBy = new Map(unread.map((u) => [u.conversation_id, Number(u.n)]));
  const myRead = new Map(mine.map((m) => [m.conversation_id, m.last_read_message_id]));
  const membersBy = new Map<string, typeof members>();
  for (const m of members) membersBy.set(m.conversation_id, [...(membersBy.get(m.conversation_id) ?? []), m]);
  return rows.map((r) => {
    const people = membersBy.get(r.id) ?? [];
    const group = r.group_id ? groupById.get(r.group_id) : undefined;
    const count = group ? Number(group.members) : people.length;
    const receipts = count <= LIMITS.readReceiptsUpTo;
    return {
      id: r.id,
      kind: r.kind,
      group: group ? { id: group.id, name: group.name, customer: Boolean(group.customer) } : null,
      members: people.map((p) => ({ user: authors.get(p.id)!, lastReadMessageId: receipts ? p.last_read_message_id : null })),
      membersCount: count,
      lastMessage: r.last_message_id ? (last.get(r.last_message_id) ?? null) : null,
      lastMessageAt: r.last_message_at,
      unreadCount: unreadBy.get(r.id) ?? 0,
      lastReadMessageId: myRead.get(r.id) ?? null,
      createdAt: r.created_at,
      hasGuests: group ? Boolean(group.customer) : people.some((p) => p.kind === 'guest'),
    };
  });
}
