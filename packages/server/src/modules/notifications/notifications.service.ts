import type { Notification, NotificationKind, Page } from '@atrium/contract';
import { type AppContext, nowIso } from '../../context.js';
import type { Executor, NotificationsTable } from '../../db/schema.js';
import { decodeCursor, pageOf } from '../../lib/cursor.js';
import { newId } from '../../lib/ids.js';
import { readersOf, visiblePosts } from '../../policies/visibility.js';
import type { Emit } from '../../realtime/transaction.js';
import { writeTransaction } from '../../realtime/transaction.js';
import type { Actor } from '../auth/actor.js';
import { presentUserSummary } from '../people/users.presenter.js';
import { findUsersByIds } from '../people/users.repo.js';

export interface NotificationDraft {
  kind: NotificationKind;
  /** Who did it: never told about his own doing. */
  actorId: string;
  userIds: readonly string[];
  /** The post it is about: only those who may read it are told. */
  post?: { id: string; group_id: string | null; body: string };
  commentId?: string;
  groupId?: string;
}

const EXCERPT = 140;
const excerpt = (body: string) => {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT ? `${flat.slice(0, EXCERPT - 1)}…` : flat;
};

type Row = NotificationsTable & { post_body: string | null; group_name: string | null };

async function present(db: Executor, rows: Row[]): Promise<Notification[]> {
  const actors = new Map((await findUsersByIds(db, rows.flatMap((r) => (r.actor_id ? [r.actor_id] : [])))).map((u) => [u.id, presentUserSummary(u)]));
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    actor: r.actor_id ? (actors.get(r.actor_id) ?? null) : null,
    post: r.post_id ? { id: r.post_id, excerpt: excerpt(r.post_body ?? '') } : null,
    commentId: r.comment_id,
    group: r.group_id ? { id: r.group_id, name: r.group_name ?? '' } : null,
    createdAt: r.created_at,
    readAt: r.read_at,
  }));
}

/**
 * Tell these people, in the writer's transaction: stored for the bell, and sent on each one's
 * stream. Only active people who may see what it is about are told.
 */
export async function notify(tx: Executor, emit: Emit, now: string, d: NotificationDraft): Promise<void> {
  const candidates = [...new Set(d.userIds)].filter((id) => id !== d.actorId);
  if (candidates.length === 0) return;
  let q = tx.selectFrom('users as u').select('u.id').where('u.id', 'in', candidates).where('u.status', '=', 'active');
  if (d.post) q = q.where(readersOf(d.post));
  const recipients = await q.execute();
  if (recipients.length === 0) return;
  const group = d.groupId ? await tx.selectFrom('groups').select('name').where('id', '=', d.groupId).executeTakeFirst() : undefined;
  const rows: Row[] = recipients.map((r) => ({
    id: newId(),
    user_id: r.id,
    kind: d.kind,
    actor_id: d.actorId,
    post_id: d.post?.id ?? null,
    comment_id: d.commentId ?? null,
    group_id: d.groupId ?? null,
    created_at: now,
    read_at: null,
    post_body: d.post?.body ?? null,
    group_name: group?.name ?? null,
  }));
  await tx
    .insertInto('notifications')
    .values(rows.map(({ post_body: _b, group_name: _g, ...row }) => row))
    .execute();
  const presented = await present(tx, rows);
  presented.forEach((notification, i) => emit({ type: 'notification.created', data: { notification }, audience: { kind: 'users', userIds: [rows[i].user_id] } }));
}

/** The actor's notifications, newest first; about posts he may (still) read. */
function mine(db: Executor, actor: Actor) {
  return db
    .selectFrom('notifications as n')
    .leftJoin('posts as p', 'p.id', 'n.post_id')
    .leftJoin('groups as g', 'g.id', 'n.group_id')
    .where('n.user_id', '=', actor.id)
    .where((eb) => eb.or([eb('n.post_id', 'is', null), visiblePosts(actor)(eb as never)]));
}

export async function listNotifications(ctx: AppContext, actor: Actor, query: { cursor?: string; limit: number; unread?: 'true' | 'false' }): Promise<Page<Notification>> {
  const before = decodeCursor(query.cursor, 1);
  let q = mine(ctx.db, actor).selectAll('n').select(['p.body as post_body', 'g.name as group_name']);
  if (query.unread === 'true') q = q.where('n.read_at', 'is', null);
  if (before) q = q.where('n.id', '<', before[0]);
  const rows = await q.orderBy('n.id', 'desc').limit(query.limit + 1).execute();
  const { rows: kept, nextCursor } = pageOf(rows, query.limit, (r) => [r.id]);
  return { items: await present(ctx.db, kept), nextCursor };
}

export async function unreadCount(db: Executor, actor: Actor): Promise<number> {
  const row = await mine(db, actor)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('n.read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Mark read (up to an id, or these ids); the actor's other tabs hear the new count. */
export async function markRead(ctx: AppContext, actor: Actor, input: { upTo?: string; ids?: string[] }): Promise<{ unread: number }> {
  return writeTransaction(ctx, async (tx, emit) => {
    let q = tx.updateTable('notifications').set({ read_at: nowIso(ctx) }).where('user_id', '=', actor.id).where('read_at', 'is', null);
    q = input.upTo !== undefined ? q.where('id', '<=', input.upTo) : q.where('id', 'in', input.ids!.length ? input.ids! : ['']);
    await q.execute();
    const unread = await unreadCount(tx, actor);
    emit({ type: 'notification.read', data: { unread }, audience: { kind: 'users', userIds: [actor.id] } });
    return { unread };
  });
}
