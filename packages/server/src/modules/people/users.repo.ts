import { sql } from 'kysely';
import type { Executor, UsersTable } from '../../db/schema.js';
import { visibleUsers } from '../../policies/visibility.js';
import type { Viewer } from '../auth/actor.js';
import { containsPattern } from '../../db/like.js';

export type UserRow = UsersTable;

export const findUserById = (db: Executor, id: string) =>
  db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();

export const findUserByEmail = (db: Executor, email: string) =>
  db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();

export const findUsersByIds = (db: Executor, ids: readonly string[]) =>
  ids.length === 0 ? Promise.resolve([]) : db.selectFrom('users').selectAll().where('id', 'in', [...new Set(ids)]).execute();

/**
 * The active people with these handles whom `viewer` may see (a mention never reaches past that)
 * and who may read a text in `groupId` (null: outside any group): people from outside only in
 * their own groups, since everywhere else they do not exist for the readers.
 */
export const findActiveUsersByHandles = (db: Executor, viewer: Viewer, handles: readonly string[], groupId: string | null) =>
  handles.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('users as u')
        .select(['u.id', 'u.handle'])
        .where('u.handle', 'in', [...new Set(handles.map((h) => h.toLowerCase()))])
        .where('u.status', '=', 'active')
        .where(visibleUsers(viewer))
        .where((eb) =>
          groupId === null
            ? eb('u.kind', '=', 'member')
            : eb.or([eb('u.kind', '=', 'member'), eb('u.id', 'in', eb.selectFrom('group_members').select('group_members.user_id').where('group_members.group_id', '=', groupId))]),
        )
        .execute();

export async function handleTaken(db: Executor, handle: string, exceptUserId?: string): Promise<boolean> {
  let q = db.selectFrom('users').select('id').where('handle', '=', handle.toLowerCase());
  if (exceptUserId) q = q.where('id', '!=', exceptUserId);
  return (await q.executeTakeFirst()) !== undefined;
}

export const countUsers = async (db: Executor) =>
  Number((await db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

export const insertUser = (db: Executor, row: UserRow) => db.insertInto('users').values(row).execute();

export const updateUser = (db: Executor, id: string, patch: Partial<UserRow>) =>
  db.updateTable('users').set(patch).where('id', '=', id).execute();

export async function skillsOf(db: Executor, userIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (userIds.length === 0) return out;
  const rows = await db
    .selectFrom('user_skills')
    .select(['user_id', 'skill'])
    .where('user_id', 'in', [...userIds])
    .orderBy('position')
    .execute();
  for (const r of rows) out.set(r.user_id, [...(out.get(r.user_id) ?? []), r.skill]);
  return out;
}

export async function replaceSkills(db: Executor, userId: string, skills: string[]) {
  await db.deleteFrom('user_skills').where('user_id', '=', userId).execute();
  const seen = new Set<string>();
  const rows = skills
    .filter((s) => !seen.has(s.toLowerCase()) && seen.add(s.toLowerCase()))
    .map((skill, position) => ({ user_id: userId, skill, skill_lower: skill.toLowerCase(), position }));
  if (rows.length) await db.insertInto('user_skills').values(rows).execute();
}

/**
 * Followers and following counts, and whether `viewerId` follows each user: three set queries for
 * any page. Deactivated people are not counted, as the follower lists leave them out.
 */
export async function followStats(db: Executor, userIds: readonly string[], viewer: Viewer) {
  const viewerId = viewer.id;
  const ids = [...userIds];
  const stats = new Map(ids.map((id) => [id, { followers: 0, following: 0, isFollowing: false }]));
  if (ids.length === 0) return stats;
  const [followers, following, mine] = await Promise.all([
    db
      .selectFrom('follows as f')
      .innerJoin('users as u', 'u.id', 'f.follower_id')
      .select(['f.followee_id as id', (eb) => eb.fn.countAll().as('n')])
      .where('f.followee_id', 'in', ids)
      .where('u.status', '=', 'active')
      .where(visibleUsers(viewer))
      .groupBy('f.followee_id')
      .execute(),
    db
      .selectFrom('follows as f')
      .innerJoin('users as u', 'u.id', 'f.followee_id')
      .select(['f.follower_id as id', (eb) => eb.fn.countAll().as('n')])
      .where('f.follower_id', 'in', ids)
      .where('u.status', '=', 'active')
      .where(visibleUsers(viewer))
      .groupBy('f.follower_id')
      .execute(),
    db.selectFrom('follows').select('followee_id as id').where('follower_id', '=', viewerId).where('followee_id', 'in', ids).execute(),
  ]);
  for (const r of followers) stats.get(r.id)!.followers = Number(r.n);
  for (const r of following) stats.get(r.id)!.following = Number(r.n);
  for (const r of mine) stats.get(r.id)!.isFollowing = true;
  return stats;
}

/**
 * The directory: active people whose name, handle, title, department or a skill contains `q`,
 * ordered by name then id (the keyset).
 */
export function searchDirectory(
  db: Executor,
  viewer: Viewer,
  opts: { q?: string; department?: string; status: 'active' | 'deactivated'; after: [string, string] | null; limit: number },
) {
  let query = db.selectFrom('users as u').selectAll('u').where('u.status', '=', opts.status).where(visibleUsers(viewer));
  if (opts.q) {
    const like = containsPattern(opts.q);
    query = query.where((eb) =>
      eb.or([
        eb(sql`lower(u.name)`, 'like', like),
        eb(sql`lower(u.handle)`, 'like', like),
        eb(sql`lower(u.title)`, 'like', like),
        eb(sql`lower(u.department)`, 'like', like),
        eb.exists(
          eb
            .selectFrom('user_skills as s')
            .select('s.user_id')
            .whereRef('s.user_id', '=', 'u.id')
            .where('s.skill_lower', 'like', like),
        ),
      ]),
    );
  }
  if (opts.department) query = query.where(sql`lower(u.department)`, '=', opts.department.toLowerCase());
  if (opts.after) {
    const [name, id] = opts.after;
    query = query.where((eb) => eb.or([eb('u.name', '>', name), eb.and([eb('u.name', '=', name), eb('u.id', '>', id)])]));
  }
  return query.orderBy('u.name').orderBy('u.id').limit(opts.limit + 1).execute();
}

export function followersOf(db: Executor, viewer: Viewer, userId: string, after: [string, string] | null, limit: number) {
  let q = db
    .selectFrom('follows as f')
    .innerJoin('users as u', 'u.id', 'f.follower_id')
    .selectAll('u')
    .select('f.created_at as followed_at')
    .where('f.followee_id', '=', userId)
    .where('u.status', '=', 'active')
    .where(visibleUsers(viewer));
  if (after) q = q.where((eb) => eb.or([eb('f.created_at', '<', after[0]), eb.and([eb('f.created_at', '=', after[0]), eb('u.id', '<', after[1])])]));
  return q.orderBy('f.created_at', 'desc').orderBy('u.id', 'desc').limit(limit + 1).execute();
}

export function followingOf(db: Executor, viewer: Viewer, userId: string, after: [string, string] | null, limit: number) {
  let q = db
    .selectFrom('follows as f')
    .innerJoin('users as u', 'u.id', 'f.followee_id')
    .selectAll('u')
    .select('f.created_at as followed_at')
    .where('f.follower_id', '=', userId)
    .where('u.status', '=', 'active')
    .where(visibleUsers(viewer));
  if (after) q = q.where((eb) => eb.or([eb('f.created_at', '<', after[0]), eb.and([eb('f.created_at', '=', after[0]), eb('u.id', '<', after[1])])]));
  return q.orderBy('f.created_at', 'desc').orderBy('u.id', 'desc').limit(limit + 1).execute();
}

export const reportsOf = (db: Executor, viewer: Viewer, managerId: string) =>
  db
    .selectFrom('users as u')
    .selectAll('u')
    .where('u.manager_id', '=', managerId)
    .where('u.status', '=', 'active')
    .where(visibleUsers(viewer))
    .orderBy('u.name')
    .orderBy('u.id')
    .execute();

export const orgChartRows = (db: Executor) =>
  db
    .selectFrom('users')
    .select(['id', 'handle', 'name', 'title', 'department', 'avatar_key', 'kind', 'manager_id'])
    .where('status', '=', 'active')
    .where('kind', '=', 'member')
    .orderBy('name')
    .orderBy('id')
    .execute();

export async function follow(db: Executor, followerId: string, followeeId: string, at: string) {
  await db
    .insertInto('follows')
    .values({ follower_id: followerId, followee_id: followeeId, created_at: at })
    .onConflict((oc) => oc.columns(['follower_id', 'followee_id']).doNothing())
    .execute();
}

export const unfollow = (db: Executor, followerId: string, followeeId: string) =>
  db.deleteFrom('follows').where('follower_id', '=', followerId).where('followee_id', '=', followeeId).execute();

/** Would `managerId` as manager of `userId` make a loop? Walks up the chain (bounded). */
export async function managerChainContains(db: Executor, managerId: string, userId: string): Promise<boolean> {
  let current: string | null = managerId;
  for (let depth = 0; current && depth < 1000; depth++) {
    if (current === userId) return true;
    const row: { manager_id: string | null } | undefined = await db
      .selectFrom('users')
      .select('manager_id')
      .where('id', '=', current)
      .executeTakeFirst();
    current = row?.manager_id ?? null;
  }
  return false;
}
