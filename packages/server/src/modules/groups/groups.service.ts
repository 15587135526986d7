import type { Group, GroupVisibility, Page } from '@atrium/contract';
import { sql } from 'kysely';
import { type AppContext, nowIso } from '../../context.js';
import type { Executor } from '../../db/schema.js';
import { decodeCursor, pageOf } from '../../lib/cursor.js';
import { forbidden, invalid, notFound } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { groupPolicy, type GroupTarget } from '../../policies/groups.policy.js';
import { myGroupIds, visibleGroups } from '../../policies/visibility.js';
import type { Actor, Viewer } from '../auth/actor.js';
import { countWrite } from '../posts/posts.service.js';
import { storeImage } from '../people/avatar.service.js';
import { presentGroups, targetOf } from './groups.presenter.js';
import * as repo from './groups.repo.js';
import { membershipChanged } from './membership-events.js';
import { writeTransaction } from '../../realtime/transaction.js';
import { containsPattern } from '../../db/like.js';

export interface LoadedGroup {
  row: repo.GroupRow;
  target: GroupTarget;
}

/** A group that exists for the actor, with his role in it; otherwise 404 like a missing one. */
export async function loadGroup(db: Executor, actor: Viewer, id: string): Promise<LoadedGroup> {
  const found = await repo.findGroupFor(db, id, actor.id, visibleGroups(actor));
  if (!found) throw notFound('No such group');
  const { my_role, ...row } = found;
  return { row, target: targetOf(row, my_role) };
}

/** A group whose content the actor may read: members-only content is 404 to everyone else. */
export async function loadReadableGroup(db: Executor, actor: Actor, id: string): Promise<LoadedGroup> {
  const group = await loadGroup(db, actor, id);
  if (!groupPolicy.read(actor, group.target)) throw notFound('No such group');
  return group;
}

export async function presentGroup(db: Executor, row: repo.GroupRow, actor: Actor): Promise<Group> {
  return (await presentGroups(db, [row], actor))[0];
}

export async function createGroup(
  ctx: AppContext,
  actor: Actor,
  input: { name: string; description: string; visibility: GroupVisibility; customer: boolean },
): Promise<Group> {
  if (!groupPolicy.create(actor)) throw forbidden('People from outside cannot create groups');
  countWrite(ctx, actor);
  return writeTransaction(ctx, async (tx, emit) => {
    const now = nowIso(ctx);
    const row: repo.GroupRow = {
      id: newId(),
      name: input.name,
      description: input.description,
      visibility: input.customer ? 'private' : input.visibility,
      customer: input.customer ? 1 : 0,
      created_by: actor.id,
      created_at: now,
      updated_at: now,
      archived_at: null,
      photo_key: null,
    };
    await repo.insertGroup(tx, row);
    await repo.addMember(tx, { group_id: row.id, user_id: actor.id, role: 'owner', created_at: now });
    emit(membershipChanged(row.id, actor.id, 'owner'));
    return presentGroup(tx, row, actor);
  });
}

export async function getGroup(ctx: AppContext, actor: Actor, id: string): Promise<Group> {
  return presentGroup(ctx.db, (await loadGroup(ctx.db, actor, id)).row, actor);
}

export async function updateGroupSettings(
  ctx: AppContext,
  actor: Actor,
  id: string,
  input: { name?: string; description?: string; visibility?: GroupVisibility; archived?: boolean },
): Promise<Group> {
  return writeTransaction(ctx, async (tx, emit) => {
    await repo.lockGroup(tx, ctx.dialect, id);
    const { row, target } = await loadGroup(tx, actor, id);
    if (!groupPolicy.manage(actor, target)) throw forbidden('Only the group’s owners and managers change it');
    const onlyUnarchiving = input.archived === false && Object.keys(input).length === 1;
    if (target.archived && !onlyUnarchiving && input.archived !== false) throw forbidden('This group is archived');
    if (row.customer === 1 && input.visibility !== undefined && input.visibility !== 'private') {
      throw invalid('visibility', 'A customer group is always private');
    }
    const patch: Partial<repo.GroupRow> = { updated_at: nowIso(ctx) };
    if (input.name !== undefined) patch.name = input.name;
    if (input.description !== undefined) patch.description = input.description;
    if (input.visibility !== undefined) patch.visibility = input.visibility;
    if (input.archived !== undefined) patch.archived_at = input.archived ? (row.archived_at ?? nowIso(ctx)) : null;
    await repo.updateGroup(tx, id, patch);
    // Readers reload it; every node forgets the visibility it knew (public groups' events reach all colleagues).
    emit({ type: 'group.updated', data: { groupId: id }, audience: { kind: 'group', groupId: id } });
    return presentGroup(tx, { ...row, ...patch }, actor);
  });
}

/** Owners and managers set the group's picture; judged by content and re-encoded like avatars. */
export async function setGroupPhoto(ctx: AppContext, actor: Actor, id: string, upload: Buffer): Promise<Group> {
  const { row, target } = await loadGroup(ctx.db, actor, id);
  if (!groupPolicy.manage(actor, target)) throw forbidden('Only the group’s owners and managers change its picture');
  if (target.archived) throw forbidden('This group is archived');
  countWrite(ctx, actor);
  const key = await storeImage(ctx, `groups/${id}`, upload);
  await repo.updateGroup(ctx.db, id, { photo_key: key, updated_at: nowIso(ctx) });
  if (row.photo_key && row.photo_key !== key) await ctx.blobs.delete(row.photo_key).catch(() => undefined);
  return presentGroup(ctx.db, { ...row, photo_key: key }, actor);
}

export async function getGroupPhoto(ctx: AppContext, actor: Actor, id: string): Promise<Buffer> {
  const { row } = await loadGroup(ctx.db, actor, id);
  const data = row.photo_key ? await ctx.blobs.get(row.photo_key) : null;
  if (!data) throw notFound('No picture');
  return data;
}

/**
 * The group directory: public and private groups for colleagues (private ones by name, description
 * and member count only), unlisted ones only to their members; a guest sees only his own groups.
 */
export async function listGroups(
  ctx: AppContext,
  actor: Actor,
  query: { q?: string; filter: 'all' | 'mine'; cursor?: string; limit: number },
): Promise<Page<Group>> {
  const after = decodeCursor(query.cursor, 2);
  let q = ctx.db.selectFrom('groups as g').selectAll('g').where(visibleGroups(actor));
  if (query.filter === 'mine') q = q.where('g.id', 'in', (eb) => myGroupIds(eb, actor));
  if (query.q) {
    const like = containsPattern(query.q);
    q = q.where((eb) =>
      eb.or([eb(sql`lower(g.name)`, 'like', like), eb(sql`lower(g.description)`, 'like', like)]),
    );
  }
  if (after) q = q.where((eb) => eb.or([eb('g.name', '>', after[0]), eb.and([eb('g.name', '=', after[0]), eb('g.id', '>', after[1])])]));
  const rows = await q.orderBy('g.name').orderBy('g.id').limit(query.limit + 1).execute();
  const { rows: kept, nextCursor } = pageOf(rows, query.limit, (r) => [r.name, r.id]);
  return { items: await presentGroups(ctx.db, kept, actor), nextCursor };
}
