import { createHash } from 'node:crypto';
import type { Executor } from '../../db/schema.js';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function insertSession(
  db: Executor,
  row: { id: string; tokenHash: string; userId: string; csrfToken: string; createdAt: string; expiresAt: string },
) {
  return db
    .insertInto('sessions')
    .values({
      id: row.id,
      token_hash: row.tokenHash,
      user_id: row.userId,
      csrf_token: row.csrfToken,
      created_at: row.createdAt,
      expires_at: row.expiresAt,
    })
    .execute();
}

/** The session and its user in one query; only live sessions of active users. */
export function findActiveSession(db: Executor, tokenHash: string, now: string) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.id as sessionId', 's.csrf_token as csrfToken', 's.expires_at as expiresAt', 'u.id as userId', 'u.role', 'u.kind'])
    .where('s.token_hash', '=', tokenHash)
    .where('s.expires_at', '>', now)
    .where('u.status', '=', 'active')
    .executeTakeFirst();
}

export const deleteSession = (db: Executor, id: string) => db.deleteFrom('sessions').where('id', '=', id).execute();

export const deleteSessionsOfUser = (db: Executor, userId: string) =>
  db.deleteFrom('sessions').where('user_id', '=', userId).execute();

/** Keep a person's newest `keep` sessions and end the rest (SECURITY.md #23: no unbounded sessions); answers the ended ones. */
export async function pruneSessions(db: Executor, userId: string, keep: number): Promise<string[]> {
  const stale = await db
    .selectFrom('sessions')
    .select('id')
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .offset(keep)
    .limit(1000)
    .execute();
  if (stale.length) await db.deleteFrom('sessions').where('id', 'in', stale.map((s) => s.id)).execute();
  return stale.map((s) => s.id);
}
