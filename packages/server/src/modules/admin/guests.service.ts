import { membershipChanged } from '../groups/membership-events.js';
import { writeTransaction } from '../../realtime/transaction.js';
import type { Page } from '@atrium/contract';
import type { AppContext } from '../../context.js';
import { decodeCursor, pageOf } from '../../lib/cursor.js';
import { forbidden, notFound } from '../../lib/errors.js';
import type { Actor } from '../auth/actor.js';
import { presentUserSummary } from '../people/users.presenter.js';
import { findUsersByIds } from '../people/users.repo.js';

const requireAdmin = (actor: Actor) => {
  if (actor.role !== 'admin') throw forbidden('Only admins manage guests');
};

/**
 * Admins' view of people from outside: their groups, who invited them, and when they were last
 * active (their latest sign-in, post or comment), newest guests first. Four queries per page.
 */
export async function listGuests(ctx: AppContext, actor: Actor, query: { cursor?: string; limit: number }) {
  requireAdmin(actor);
  const after = decodeCursor(query.cursor, 1);
  let q = ctx.db.selectFrom('users').selectAll().where('kind', '=', 'guest');
  if (after) q = q.where('id', '<', after[0]);
  const rows = await q.orderBy('id', 'desc').limit(query.limit + 1).execute();
  const { rows: kept, nextCursor } = pageOf(rows, query.limit, (r) => [r.id]);
  const ids = kept.map((r) => r.id);
  if (ids.length === 0) return { items: [], nextCursor } satisfies Page<unknown>;
  const [groups, invites, activity] = await Promise.all([
    ctx.db
      .selectFrom('group_members as m')
      .innerJoin('groups as g', 'g.id', 'm.group_id')
      .select(['m.user_id', 'g.id', 'g.name'])
      .where('m.user_id', 'in', ids)
      .orderBy('g.name')
      .execute(),
    ctx.db
      .selectFrom('invitations')
      .select(['user_id', 'inviter_id', 'accepted_at'])
      .where('user_id', 'in', ids)
      .where('kind', '=', 'guest')
      .where('accepted_at', 'is not', null)
      .orderBy('accepted_at')
      .execute(),
    ctx.db
      .selectFrom((eb) =>
        eb
          .selectFrom('sessions')
          .select(['user_id', 'created_at as at'])
          .where('user_id', 'in', ids)
          .unionAll(eb.selectFrom('posts').select(['author_id as user_id', 'created_at as at']).where('author_id', 'in', ids))
          .unionAll(eb.selectFrom('comments').select(['author_id as user_id', 'created_at as at']).where('author_id', 'in', ids))
          .as('a'),
      )
      .select(['a.user_id', (eb) => eb.fn.max('a.at').as('last')])
      .groupBy('a.user_id')
      .execute(),
  ]);
  const firstInviter = new Map<string, string>();
  for (const i of invites) if (i.user_id && i.inviter_id && !firstInviter.has(i.user_id)) firstInviter.set(i.user_id, i.inviter_id);
  const inviters = new Map((await findUsersByIds(ctx.db, [...new Set(firstInviter.values())])).map((u) => [u.id, presentUserSummary(u)]));
  const last = new Map(activity.map((a) => [a.user_id, a.last as string]));
  return {
    items: kept.map((r) => ({
      user: { ...presentUserSummary(r), email: r.email },
      groups: groups.filter((g) => g.user_id === r.id).map((g) => ({ id: g.id, name: g.name })),
      invitedBy: inviters.get(firstInviter.get(r.id) ?? '') ?? null,
      lastActivityAt: last.get(r.id) ?? null,
    })),
    nextCursor,
  };
}

/** Remove a person from outside entirely: his account, memberships, sessions and what he wrote. */
export async function removeGuest(ctx: AppContext, actor: Actor, userId: string) {
  requireAdmin(actor);
  await writeTransaction(ctx, async (tx, emit) => {
    const user = await tx.selectFrom('users').select(['id', 'kind']).where('id', '=', userId).executeTakeFirst();
    if (!user || user.kind !== 'guest') throw notFound('No such guest');
    // Comments counted on others' posts go with him: keep those counts true.
    const counted = await tx.selectFrom('comments').select(['post_id', (eb) => eb.fn.countAll().as('n')]).where('author_id', '=', userId).groupBy('post_id').execute();
    for (const c of counted) {
      await tx
        .updateTable('posts')
        .set((eb) => ({ comments_count: eb('comments_count', '-', Number(c.n)) }))
        .where('id', '=', c.post_id)
        .execute();
    }
    const groups = await tx.selectFrom('group_members').select('group_id').where('user_id', '=', userId).execute();
    await tx.deleteFrom('users').where('id', '=', userId).execute();
    for (const g of groups) emit(membershipChanged(g.group_id, userId, null));
    emit({ type: 'session.ended', data: { userId }, audience: { kind: 'nobody' } });
  });
}
