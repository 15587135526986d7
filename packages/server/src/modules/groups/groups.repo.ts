import { type SqlBool, type Expression, type ExpressionBuilder, sql } from 'kysely';
import type { Dialect } from '../../db/connect.js';
import type { DB, Executor, GroupsTable } from '../../db/schema.js';

export type GroupRow = GroupsTable;

export const insertGroup = (db: Executor, row: GroupRow) => db.insertInto('groups').values(row).execute();

export const updateGroup = (db: Executor, id: string, patch: Partial<GroupRow>) =>
  db.updateTable('groups').set(patch).where('id', '=', id).execute();

/** A group row joined with the actor's own role in it. */
export function findGroupFor(db: Executor, id: string, userId: string, visible: (eb: ExpressionBuilder<DB & { g: GroupsTable }, 'g'>) => Expression<SqlBool>) {
  return db
    .selectFrom('groups as g')
    .leftJoin('group_members as me', (j) => j.onRef('me.group_id', '=', 'g.id').on('me.user_id', '=', userId))
    .selectAll('g')
    .select('me.role as my_role')
    .where('g.id', '=', id)
    .where(visible)
    .executeTakeFirst();
}

/**
 * Take the group's row lock for the rest of the transaction (PostgreSQL; SQLite runs one write
 * transaction at a time anyway), so that archiving, owner changes and posting cannot interleave.
 */
export async function lockGroup(db: Executor, dialect: Dialect, id: string) {
  if (dialect === 'postgres') await sql`select id from groups where id = ${id} for update`.execute(db);
}

export const findMember = (db: Executor, groupId: string, userId: string) =>
  db.selectFrom('group_members').selectAll().where('group_id', '=', groupId).where('user_id', '=', userId).executeTakeFirst();

export async function addMember(db: Executor, row: { group_id: string; user_id: string; role: 'owner' | 'manager' | 'member'; created_at: string }) {
  await db
    .insertInto('group_members')
    .values(row)
    .onConflict((oc) => oc.columns(['group_id', 'user_id']).doNothing())
    .execute();
  await db.deleteFrom('group_join_requests').where('group_id', '=', row.group_id).where('user_id', '=', row.user_id).execute();
}

export const setMemberRole = (db: Executor, groupId: string, userId: string, role: 'owner' | 'manager' | 'member') =>
  db.updateTable('group_members').set({ role }).where('group_id', '=', groupId).where('user_id', '=', userId).execute();

export const removeMember = (db: Executor, groupId: string, userId: string) =>
  db.deleteFrom('group_members').where('group_id', '=', groupId).where('user_id', '=', userId).execute();

export const countOwners = async (db: Executor, groupId: string) =>
  Number(
    (
      await db
        .selectFrom('group_members')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('group_id', '=', groupId)
        .where('role', '=', 'owner')
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Member counts and whether guests are among the members, for a page of groups: one query. */
export async function groupStats(db: Executor, groupIds: string[]) {
  const out = new Map<string, { members: number; guests: number }>(groupIds.map((id) => [id, { members: 0, guests: 0 }]));
  if (groupIds.length === 0) return out;
  const rows = await db
    .selectFrom('group_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select([
      'm.group_id',
      (eb) => eb.fn.countAll().as('members'),
      (eb) => eb.fn.sum<number>(eb.case().when('u.kind', '=', 'guest').then(1).else(0).end()).as('guests'),
    ])
    .where('m.group_id', 'in', groupIds)
    .where('u.status', '=', 'active')
    .groupBy('m.group_id')
    .execute();
  for (const r of rows) out.set(r.group_id, { members: Number(r.members), guests: Number(r.guests ?? 0) });
  return out;
}

export async function myRolesAndRequests(db: Executor, groupIds: string[], userId: string) {
  if (groupIds.length === 0) return { roles: new Map<string, string>(), requests: new Set<string>() };
  const [roles, requests] = await Promise.all([
    db.selectFrom('group_members').select(['group_id', 'role']).where('user_id', '=', userId).where('group_id', 'in', groupIds).execute(),
    db.selectFrom('group_join_requests').select('group_id').where('user_id', '=', userId).where('group_id', 'in', groupIds).execute(),
  ]);
  return { roles: new Map(roles.map((r) => [r.group_id, r.role as string])), requests: new Set(requests.map((r) => r.group_id)) };
}
