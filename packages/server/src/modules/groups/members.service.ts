import type { GroupRole, Page } from '@atrium/contract';
import { publicBaseUrl } from '../../config.js';
import { type AppContext, nowIso } from '../../context.js';
import { joinAnswerMail } from '../../mail/templates.js';
import type { Executor } from '../../db/schema.js';
import { decodeCursor, pageOf } from '../../lib/cursor.js';
import { conflict, forbidden, invalid, notFound } from '../../lib/errors.js';
import { groupPolicy } from '../../policies/groups.policy.js';
import { visibleUsers } from '../../policies/visibility.js';
import type { Actor } from '../auth/actor.js';
import { presentUserSummary } from '../people/users.presenter.js';
import { findUserById } from '../people/users.repo.js';
import { loadGroup, loadReadableGroup, presentGroup, type LoadedGroup } from './groups.service.js';
import * as repo from './groups.repo.js';
import { membershipChanged } from './membership-events.js';
import { writeTransaction } from '../../realtime/transaction.js';
import { notify } from '../notifications/notifications.service.js';

/** Members of a group, newest first, to those who may read the group's content. */
export async function listMembers(ctx: AppContext, actor: Actor, groupId: string, query: { cursor?: string; limit: number }) {
  await loadReadableGroup(ctx.db, actor, groupId);
  const after = decodeCursor(query.cursor, 2);
  let q = ctx.db
    .selectFrom('group_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .selectAll('u')
    .select(['m.role as member_role', 'm.created_at as joined_at'])
    .where('m.group_id', '=', groupId)
    .where('u.status', '=', 'active');
  if (after) q = q.where((eb) => eb.or([eb('m.created_at', '<', after[0]), eb.and([eb('m.created_at', '=', after[0]), eb('u.id', '<', after[1])])]));
  const rows = await q.orderBy('m.created_at', 'desc').orderBy('u.id', 'desc').limit(query.limit + 1).execute();
  const { rows: kept, nextCursor } = pageOf(rows, query.limit, (r) => [r.joined_at, r.id]);
  return { items: kept.map((r) => ({ user: presentUserSummary(r), role: r.member_role, joinedAt: r.joined_at })), nextCursor };
}

async function requireManager(tx: Executor, ctx: AppContext, actor: Actor, groupId: string): Promise<LoadedGroup> {
  await repo.lockGroup(tx, ctx.dialect, groupId);
  const group = await loadGroup(tx, actor, groupId);
  if (!groupPolicy.manage(actor, group.target)) throw forbidden('Only the group’s owners and managers manage its members');
  if (group.target.archived) throw forbidden('This group is archived');
  return group;
}

/** The group never loses its last owner. */
async function keepAnOwner(tx: Executor, groupId: string, leaving: { role: string }) {
  if (leaving.role === 'owner' && (await repo.countOwners(tx, groupId)) <= 1) {
    throw conflict('A group needs at least one owner: appoint another owner first');
  }
}

export async function addMember(ctx: AppContext, actor: Actor, groupId: string, input: { userId: string; role: GroupRole }) {
  return writeTransaction(ctx, async (tx, emit) => {
    const group = await requireManager(tx, ctx, actor, groupId);
    if (input.role === 'owner' && !groupPolicy.manageOwners(actor, group.target)) throw forbidden('Only owners appoint owners');
    const user = await tx.selectFrom('users as u').selectAll('u').where('u.id', '=', input.userId).where(visibleUsers(actor)).executeTakeFirst();
    if (!user || user.status !== 'active') throw invalid('userId', 'No such person');
    if (user.kind === 'guest') {
      // People from outside only ever join customer groups, and only as plain members.
      if (!group.target.customer) throw invalid('userId', 'People from outside can only join customer groups');
      if (input.role !== 'member') throw invalid('role', 'People from outside are always plain members');
    }
    const existing = await repo.findMember(tx, groupId, user.id);
    if (existing) throw conflict('Already a member');
    const now = nowIso(ctx);
    await repo.addMember(tx, { group_id: groupId, user_id: user.id, role: input.role, created_at: now });
    emit(membershipChanged(groupId, user.id, input.role));
    await notify(tx, emit, now, { kind: 'group_added', actorId: actor.id, userIds: [user.id], groupId });
    return { user: presentUserSummary(user), role: input.role, joinedAt: now };
  });
}

export async function changeRole(ctx: AppContext, actor: Actor, groupId: string, userId: string, role: GroupRole) {
  return writeTransaction(ctx, async (tx, emit) => {
    const group = await requireManager(tx, ctx, actor, groupId);
    const member = await repo.findMember(tx, groupId, userId);
    if (!member) throw notFound('No such member');
    if ((role === 'owner' || member.role === 'owner') && !groupPolicy.manageOwners(actor, group.target)) {
      throw forbidden('Only owners appoint or demote owners');
    }
    const user = (await findUserById(tx, userId))!;
    if (user.kind === 'guest' && role !== 'member') throw invalid('role', 'People from outside are always plain members');
    if (role !== 'owner') await keepAnOwner(tx, groupId, member);
    await repo.setMemberRole(tx, groupId, userId, role);
    emit(membershipChanged(groupId, userId, role));
    return { user: presentUserSummary(user), role, joinedAt: member.created_at };
  });
}

/** Remove a member (owners and managers), or leave (the member himself). Takes effect at once, on open streams too. */
export async function removeMember(ctx: AppContext, actor: Actor, groupId: string, userId: string) {
  await writeTransaction(ctx, async (tx, emit) => {
    await repo.lockGroup(tx, ctx.dialect, groupId);
    const group = await loadGroup(tx, actor, groupId);
    const member = await repo.findMember(tx, groupId, userId);
    const leaving = userId === actor.id;
    if (!leaving) {
      if (!groupPolicy.manage(actor, group.target)) throw forbidden('Only the group’s owners and managers remove members');
      if (member?.role === 'owner' && !groupPolicy.manageOwners(actor, group.target)) throw forbidden('Only owners remove owners');
    }
    if (!member) throw notFound('No such member');
    await keepAnOwner(tx, groupId, member);
    await repo.removeMember(tx, groupId, userId);
    emit(membershipChanged(groupId, userId, null));
  });
}

/** Join a public group at once; ask to join a private one (its owners and managers decide). */
export async function join(ctx: AppContext, actor: Actor, groupId: string) {
  const status = await writeTransaction(ctx, async (tx, emit) => {
    const group = await loadGroup(tx, actor, groupId);
    if (group.target.myRole) return 'joined' as const;
    if (!groupPolicy.join(actor, group.target)) throw forbidden('You cannot join this group');
    const now = nowIso(ctx);
    if (group.row.visibility === 'public') {
      await repo.addMember(tx, { group_id: groupId, user_id: actor.id, role: 'member', created_at: now });
      emit(membershipChanged(groupId, actor.id, 'member'));
      return 'joined' as const;
    }
    await tx
      .insertInto('group_join_requests')
      .values({ group_id: groupId, user_id: actor.id, created_at: now })
      .onConflict((oc) => oc.columns(['group_id', 'user_id']).doNothing())
      .execute();
    const leads = await tx.selectFrom('group_members').select('user_id').where('group_id', '=', groupId).where('role', 'in', ['owner', 'manager']).execute();
    await notify(tx, emit, now, { kind: 'join_request', actorId: actor.id, userIds: leads.map((l) => l.user_id), groupId });
    return 'requested' as const;
  });
  return { group: await presentGroup(ctx.db, (await loadGroup(ctx.db, actor, groupId)).row, actor), status };
}

export async function listRequests(ctx: AppContext, actor: Actor, groupId: string, query: { cursor?: string; limit: number }) {
  const group = await loadGroup(ctx.db, actor, groupId);
  if (!groupPolicy.manage(actor, group.target)) throw forbidden('Only the group’s owners and managers see requests');
  const after = decodeCursor(query.cursor, 2);
  let q = ctx.db
    .selectFrom('group_join_requests as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .selectAll('u')
    .select('r.created_at as asked_at')
    .where('r.group_id', '=', groupId)
    .where('u.status', '=', 'active');
  if (after) q = q.where((eb) => eb.or([eb('r.created_at', '>', after[0]), eb.and([eb('r.created_at', '=', after[0]), eb('u.id', '>', after[1])])]));
  const rows = await q.orderBy('r.created_at').orderBy('u.id').limit(query.limit + 1).execute();
  const { rows: kept, nextCursor } = pageOf(rows, query.limit, (r) => [r.asked_at, r.id]);
  return { items: kept.map((r) => ({ user: presentUserSummary(r), createdAt: r.asked_at })), nextCursor } satisfies Page<unknown>;
}

/** Approve or decline a request to join; the asker is told by mail. */
export async function answerRequest(ctx: AppContext, actor: Actor, groupId: string, userId: string, approve: boolean) {
  const { user, groupName } = await writeTransaction(ctx, async (tx, emit) => {
    const group = await requireManager(tx, ctx, actor, groupId);
    const request = await tx
      .selectFrom('group_join_requests')
      .selectAll()
      .where('group_id', '=', groupId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (!request) throw notFound('No such request');
    if (approve) {
      await repo.addMember(tx, { group_id: groupId, user_id: userId, role: 'member', created_at: nowIso(ctx) });
      emit(membershipChanged(groupId, userId, 'member'));
      await notify(tx, emit, nowIso(ctx), { kind: 'join_approved', actorId: actor.id, userIds: [userId], groupId });
    }
    else await tx.deleteFrom('group_join_requests').where('group_id', '=', groupId).where('user_id', '=', userId).execute();
    return { user: (await findUserById(tx, userId))!, groupName: group.row.name };
  });
  const verdict = approve ? ('approved' as const) : ('declined' as const);
  const mail = joinAnswerMail({ to: user.email, groupName, approved: approve, url: `${publicBaseUrl(ctx.config)}/groups/${groupId}` });
  await ctx.mailer.send(mail).catch((err: unknown) => ctx.log.error({ err, to: user.email }, `join request ${verdict}: mail failed`));
  return { status: verdict };
}
