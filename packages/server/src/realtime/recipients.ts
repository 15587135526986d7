import type { Executor } from '../db/schema.js';
import type { Recipient } from './audiences.js';

/** What decides a connected person's events: role, kind and groups; null once he is deactivated. */
export async function loadRecipient(db: Executor, userId: string): Promise<Omit<Recipient, 'id'> | null> {
  const [user, groups] = await Promise.all([
    db.selectFrom('users').select(['role', 'kind', 'status']).where('id', '=', userId).executeTakeFirst(),
    db.selectFrom('group_members').select('group_id').where('user_id', '=', userId).execute(),
  ]);
  if (!user || user.status !== 'active') return null;
  return { role: user.role, kind: user.kind, groups: new Set(groups.map((g) => g.group_id)) };
}

/** Which of these sessions are still valid (not ended, not expired, their person active). */
export async function liveSessions(db: Executor, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select('s.id')
    .where('s.id', 'in', ids)
    .where('s.expires_at', '>', new Date().toISOString())
    .where('u.status', '=', 'active')
    .execute();
  return new Set(rows.map((r) => r.id));
}
