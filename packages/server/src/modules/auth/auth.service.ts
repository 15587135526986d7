import { LIMITS, type MeResponse, type SessionResponse } from '@atrium/contract';
import { sql } from 'kysely';
import { type AppContext, nowIso } from '../../context.js';
import type { Executor } from '../../db/schema.js';
import { AppError, unauthenticated } from '../../lib/errors.js';
import { newId, randomToken } from '../../lib/ids.js';
import { findUserByEmail, findUserById } from '../people/users.repo.js';
import { insertNewUser, presentOne } from '../people/users.service.js';
import type { Actor } from './actor.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { type Emit, writeTransaction } from '../../realtime/transaction.js';
import { deleteSession, findActiveSession, hashToken, insertSession, pruneSessions } from './sessions.repo.js';

export async function orgName(db: Executor): Promise<string | null> {
  return (await db.selectFrom('organization').select('name').executeTakeFirst())?.name ?? null;
}

export async function setupNeeded(ctx: AppContext): Promise<{ needed: boolean; orgName: string | null }> {
  const name = await orgName(ctx.db);
  return { needed: name === null, orgName: name };
}

/** A new session; `emit` (from a writeTransaction) tells every node about the oldest ones it ends beyond the cap. */
export async function openSession(ctx: AppContext, db: Executor, userId: string, emit?: Emit): Promise<{ token: string; csrfToken: string }> {
  const token = randomToken();
  const csrfToken = randomToken();
  const now = ctx.clock.now();
  await insertSession(db, {
    id: newId(),
    tokenHash: hashToken(token),
    userId,
    csrfToken,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + ctx.config.sessionDays * 86_400_000).toISOString(),
  });
  const ended = await pruneSessions(db, userId, LIMITS.sessionsPerUser);
  if (ended.length) {
    ctx.sessions.evict(userId, ended);
    emit?.({ type: 'session.ended', data: { userId, sessionIds: ended }, audience: { kind: 'nobody' } });
  }
  return { token, csrfToken };
}

/** Create the organization and its first admin; only once. */
export async function setup(
  ctx: AppContext,
  input: { orgName: string; admin: { email: string; name: string; password: string } },
): Promise<SessionResponse> {
  return ctx.db.transaction().execute(async (tx) => {
    // The organization row is the "done" flag; its fixed id makes a second setup racing this
    // one fail on the primary key instead of creating a second admin.
    if ((await orgName(tx)) !== null) throw new AppError(409, 'setup_done', 'Atrium is already set up');
    try {
      await tx.insertInto('organization').values({ id: 'org', name: input.orgName, created_at: nowIso(ctx) }).execute();
    } catch {
      throw new AppError(409, 'setup_done', 'Atrium is already set up');
    }
    const user = await insertNewUser(ctx, tx, { ...input.admin, role: 'admin' });
    const session = await openSession(ctx, tx, user.id);
    return { user: await presentOne(tx, user, user), ...session };
  });
}

export async function login(ctx: AppContext, input: { email: string; password: string }, ip: string): Promise<SessionResponse> {
  const { loginLimitPerAccount, loginLimitPerIp, loginWindowMs } = ctx.config;
  const email = input.email.toLowerCase();
  const accountKey = `login:account:${email}`;
  const ipKey = `login:ip:${ip}`;
  // Every attempt counts per IP; failures count per account, so a locked-out attacker
  // cannot keep trying, and a person who finally types it right starts fresh.
  ctx.limiter.check(accountKey, loginLimitPerAccount, loginWindowMs);
  ctx.limiter.hit(ipKey, loginLimitPerIp, loginWindowMs);
  const user = await findUserByEmail(ctx.db, email);
  const ok = await verifyPassword(user?.password_hash ?? null, input.password);
  if (!user || !ok || user.status !== 'active') {
    ctx.limiter.hit(accountKey, loginLimitPerAccount, loginWindowMs);
    throw unauthenticated('Wrong email or password');
  }
  ctx.limiter.reset(accountKey);
  const session = await writeTransaction(ctx, (tx, emit) => openSession(ctx, tx, user.id, emit));
  return { user: await presentOne(ctx.db, user, user), ...session };
}

/** End this session; its open streams close on every node. */
export async function logout(ctx: AppContext, actor: Actor): Promise<void> {
  await writeTransaction(ctx, async (tx, emit) => {
    await deleteSession(tx, actor.sessionId);
    emit({ type: 'session.ended', data: { userId: actor.id, sessionIds: [actor.sessionId] }, audience: { kind: 'nobody' } });
  });
}

/**
 * Change one's password, proving the current one (tries count like sign-ins). Every other session
 * ends, so a thief who had one is out, streams included; this one stays.
 */
export async function changePassword(ctx: AppContext, actor: Actor, input: { currentPassword: string; newPassword: string }, ip: string) {
  const { loginLimitPerAccount, loginWindowMs } = ctx.config;
  const user = await findUserById(ctx.db, actor.id);
  if (!user) throw unauthenticated();
  const accountKey = `login:account:${user.email}`;
  ctx.limiter.check(accountKey, loginLimitPerAccount, loginWindowMs);
  ctx.limiter.hit(`login:ip:${ip}`, ctx.config.loginLimitPerIp, loginWindowMs);
  if (!(await verifyPassword(user.password_hash, input.currentPassword))) {
    ctx.limiter.hit(accountKey, loginLimitPerAccount, loginWindowMs);
    throw new AppError(400, 'validation_failed', 'The current password is wrong', { currentPassword: 'wrong' });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await writeTransaction(ctx, async (tx, emit) => {
    await tx.updateTable('users').set({ password_hash: passwordHash, updated_at: nowIso(ctx) }).where('id', '=', actor.id).execute();
    const others = await tx.selectFrom('sessions').select('id').where('user_id', '=', actor.id).where('id', '!=', actor.sessionId).execute();
    if (others.length === 0) return;
    await tx.deleteFrom('sessions').where('id', 'in', others.map((o) => o.id)).execute();
    emit({ type: 'session.ended', data: { userId: actor.id, sessionIds: others.map((o) => o.id) }, audience: { kind: 'nobody' } });
  });
}

export async function me(ctx: AppContext, actor: Actor): Promise<MeResponse> {
  const user = await findUserById(ctx.db, actor.id);
  if (!user) throw unauthenticated();
  return { user: await presentOne(ctx.db, user, actor), csrfToken: actor.csrfToken, orgName: (await orgName(ctx.db)) ?? '' };
}

/** Resolve a session token (cookie or bearer) to the actor, or null; cached (see SessionCache). */
export async function authenticate(ctx: AppContext, token: string): Promise<Actor | null> {
  const hash = hashToken(token);
  const now = ctx.clock.now();
  const cached = ctx.sessions.get(hash, now.getTime());
  if (cached) return cached;
  const row = await findActiveSession(ctx.db, hash, now.toISOString());
  if (!row) return null;
  const actor: Actor = { id: row.userId, role: row.role, kind: row.kind, sessionId: row.sessionId, csrfToken: row.csrfToken };
  ctx.sessions.set(hash, actor, Date.parse(row.expiresAt), now.getTime());
  return actor;
}

/** Health: the database answers. */
export async function health(ctx: AppContext): Promise<void> {
  await sql`select 1`.execute(ctx.db);
}
