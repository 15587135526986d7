import type { OrgChartNode, Page, User, UserCreate, UserSummary, UserUpdate } from '@atrium/contract';
import { type AppContext, nowIso } from '../../context.js';
import type { Executor } from '../../db/schema.js';
import { uniqueViolation } from '../../db/errors.js';
import { decodeCursor, pageOf } from '../../lib/cursor.js';
import { conflict, forbidden, invalid, notFound } from '../../lib/errors.js';
import { newId, randomToken } from '../../lib/ids.js';
import { userPolicy } from '../../policies/users.policy.js';
import type { Actor, Viewer } from '../auth/actor.js';
import { visibleUsers } from '../../policies/visibility.js';
import { deleteSessionsOfUser } from '../auth/sessions.repo.js';
import { writeTransaction } from '../../realtime/transaction.js';
import { hashPassword } from '../auth/passwords.js';
import { issueMemberInvitation } from '../invitations/invitations.service.js';
import { presentOrgNode, presentUser, presentUserSummary } from './users.presenter.js';
import * as repo from './users.repo.js';

/** Present full profiles for a set of rows with a fixed number of queries. */
export async function presentUsers(db: Executor, rows: repo.UserRow[], viewer: Viewer): Promise<User[]> {
  const ids = rows.map((r) => r.id);
  const [skills, stats] = await Promise.all([repo.skillsOf(db, ids), repo.followStats(db, ids, viewer)]);
  return rows.map((r) => {
    const s = stats.get(r.id)!;
    return presentUser(r, { skills: skills.get(r.id) ?? [], followers: s.followers, following: s.following, isFollowing: s.isFollowing });
  });
}

export async function presentOne(db: Executor, row: repo.UserRow, viewer: Viewer): Promise<User> {
  return (await presentUsers(db, [row], viewer))[0];
}

/** A user the actor may see, or 404 exactly as if he did not exist. */
export async function loadVisibleUser(db: Executor, actor: Actor, id: string): Promise<repo.UserRow> {
  const row = await db.selectFrom('users as u').selectAll('u').where('u.id', '=', id).where(visibleUsers(actor)).executeTakeFirst();
  if (!row) throw notFound('No such person');
  return row;
}

/** `anna.schmidt@x` → `anna.schmidt`, then `anna.schmidt2`, … until free. */
export async function freeHandle(db: Executor, wanted: string): Promise<string> {
  const base =
    wanted
      .toLowerCase()
      .replace(/[^a-z0-9_.-]/g, '')
      .replace(/^[.-]+/, '')
      .slice(0, 28) || 'user';
  const padded = base.length < 2 ? `${base}_` : base;
  for (let n = 1; n < 10_000; n++) {
    const candidate = n === 1 ? padded : `${padded}${n}`;
    if (!(await repo.handleTaken(db, candidate))) return candidate;
  }
  return `${padded}${randomToken(4).toLowerCase()}`;
}

export interface NewUser {
  email: string;
  name: string;
  handle?: string;
  password?: string;
  /** A hash made beforehand (hashing is slow; callers may do it outside their transaction). */
  passwordHash?: string;
  role: 'admin' | 'member';
  kind?: 'member' | 'guest';
  title?: string;
  department?: string;
  managerId?: string | null;
}

/** Insert a person; the caller holds the transaction and has checked who may do it. */
export async function insertNewUser(ctx: AppContext, db: Executor, input: NewUser): Promise<repo.UserRow> {
  const email = input.email.toLowerCase();
  if (await repo.findUserByEmail(db, email)) throw conflict('This email address is already in use', { email: 'taken' });
  let handle: string;
  if (input.handle) {
    handle = input.handle.toLowerCase();
    if (await repo.handleTaken(db, handle)) throw conflict('This handle is already taken', { handle: 'taken' });
  } else {
    handle = await freeHandle(db, email.split('@')[0]);
  }
  if (input.managerId && !(await repo.findUserById(db, input.managerId))) throw invalid('managerId', 'No such person');
  const now = nowIso(ctx);
  const row: repo.UserRow = {
    id: newId(),
    email,
    handle,
    name: input.name,
    password_hash: input.passwordHash ?? (input.password ? await hashPassword(input.password) : null),
    role: input.role,
    kind: input.kind ?? 'member',
    status: 'active',
    title: input.title ?? '',
    department: input.department ?? '',
    location: '',
    phone: '',
    about: '',
    manager_id: input.managerId ?? null,
    avatar_key: null,
    locale: null,
    experience: '[]',
    created_at: now,
    updated_at: now,
  };
  try {
    await repo.insertUser(db, row);
  } catch (err) {
    // A concurrent request took the email or handle between the checks above and this insert.
    const what = uniqueViolation(err);
    if (what === null) throw err;
    throw what.includes('handle')
      ? conflict('This handle is already taken', { handle: 'taken' })
      : conflict('This email address is already in use', { email: 'taken' });
  }
  return row;
}

export async function createUser(ctx: AppContext, actor: Actor, input: UserCreate): Promise<User> {
  if (!userPolicy.create(actor)) throw forbidden('Only admins add people');
  // Without a password the new colleague is mailed a single-use link to choose one, after commit.
  const { user, invitation } = await ctx.db.transaction().execute(async (tx) => {
    const row = await insertNewUser(ctx, tx, input);
    return {
      user: await presentOne(tx, row, actor),
      invitation: input.password ? null : await issueMemberInvitation(ctx, tx, row.id, actor),
    };
  });
  await invitation?.mail();
  return user;
}

export async function getUser(ctx: AppContext, actor: Actor, id: string): Promise<User> {
  return presentOne(ctx.db, await loadVisibleUser(ctx.db, actor, id), actor);
}

export async function updateUserProfile(ctx: AppContext, actor: Actor, id: string, input: UserUpdate): Promise<User> {
  return writeTransaction(ctx, async (tx, emit) => {
    const target = await loadVisibleUser(tx, actor, id);
    if (!userPolicy.updateProfile(actor, target)) throw forbidden('You may only edit your own profile');
    if ((input.role !== undefined && input.role !== target.role) || (input.status !== undefined && input.status !== target.status)) {
      if (!userPolicy.administer(actor, target)) throw forbidden('Only an admin changes roles and deactivates people, and not his own');
    }
    const patch: Partial<repo.UserRow> = {};
    for (const field of ['name', 'title', 'department', 'location', 'phone', 'about', 'locale', 'role', 'status'] as const) {
      if (input[field] !== undefined) (patch as Record<string, unknown>)[field] = input[field];
    }
    if (input.handle !== undefined && input.handle.toLowerCase() !== target.handle) {
      if (await repo.handleTaken(tx, input.handle, id)) throw conflict('This handle is already taken', { handle: 'taken' });
      patch.handle = input.handle.toLowerCase();
    }
    if (input.managerId !== undefined) {
      if (input.managerId !== null) {
        if (input.managerId === id) throw invalid('managerId', 'Nobody is his own manager');
        const manager = await repo.findUserById(tx, input.managerId);
        if (!manager || manager.status !== 'active' || manager.kind !== 'member') throw invalid('managerId', 'No such person');
        if (await repo.managerChainContains(tx, input.managerId, id)) throw invalid('managerId', 'This would make a loop in the org chart');
      }
      patch.manager_id = input.managerId;
    }
    if (input.experience !== undefined) patch.experience = JSON.stringify(input.experience);
    patch.updated_at = nowIso(ctx);
    await repo.updateUser(tx, id, patch);
    if (input.skills !== undefined) await repo.replaceSkills(tx, id, input.skills);
    // Deactivation ends every session at once, in the same transaction.
    if (input.status === 'deactivated') {
      await deleteSessionsOfUser(tx, id);
      emit({ type: 'session.ended', data: { userId: id }, audience: { kind: 'nobody' } });
    } else {
      // Role, name, title, avatar…: sockets reload his rights, caches what they show of him.
      emit({ type: 'user.changed', data: { userId: id }, audience: { kind: 'nobody' } });
    }
    return presentOne(tx, (await repo.findUserById(tx, id))!, actor);
  });
}

export async function directory(
  ctx: AppContext,
  actor: Actor,
  query: { q?: string; department?: string; status: 'active' | 'deactivated'; cursor?: string; limit: number },
): Promise<Page<User>> {
  if (query.status === 'deactivated' && !userPolicy.listDeactivated(actor)) throw forbidden('Only admins list deactivated people');
  const after = decodeCursor(query.cursor, 2) as [string, string] | null;
  const rows = await repo.searchDirectory(ctx.db, actor, { ...query, after });
  const { rows: kept, nextCursor } = pageOf(rows, query.limit, (r) => [r.name, r.id]);
  return { items: await presentUsers(ctx.db, kept, actor), nextCursor };
}

export async function setFollow(ctx: AppContext, actor: Actor, id: string, on: boolean): Promise<User> {
  return writeTransaction(ctx, async (tx, emit) => {
    const target = await loadVisibleUser(tx, actor, id);
    if (on) {
      if (!userPolicy.follow(actor, target)) throw invalid('id', 'You cannot follow yourself');
      await repo.follow(tx, actor.id, id, nowIso(ctx));
    } else {
      await repo.unfollow(tx, actor.id, id);
    }
    emit({ type: 'feed.changed', data: { userId: actor.id }, audience: { kind: 'nobody' } });
    return presentOne(tx, target, actor);
  });
}

export async function followList(
  ctx: AppContext,
  actor: Actor,
  id: string,
  which: 'followers' | 'following',
  query: { cursor?: string; limit: number },
): Promise<Page<UserSummary>> {
  await loadVisibleUser(ctx.db, actor, id);
  const after = decodeCursor(query.cursor, 2) as [string, string] | null;
  const rows = await (which === 'followers' ? repo.followersOf : repo.followingOf)(ctx.db, actor, id, after, query.limit);
  const { rows: kept, nextCursor } = pageOf(rows, query.limit, (r) => [r.followed_at, r.id]);
  return { items: kept.map(presentUserSummary), nextCursor };
}

export async function reports(ctx: AppContext, actor: Actor, id: string): Promise<{ items: UserSummary[] }> {
  // Like the org chart, reporting lines are the company's own: not for people from outside.
  if (actor.kind === 'guest') throw notFound('No such person');
  await loadVisibleUser(ctx.db, actor, id);
  return { items: (await repo.reportsOf(ctx.db, actor, id)).map(presentUserSummary) };
}

export async function orgChart(ctx: AppContext, actor: Actor): Promise<{ items: OrgChartNode[] }> {
  // People from outside see only the people in their groups: the company's structure does not exist for them.
  if (actor.kind === 'guest') throw notFound('No org chart');
  return { items: (await repo.orgChartRows(ctx.db)).map(presentOrgNode) };
}
