import type { Group } from '@atrium/contract';
import type { Executor } from '../../db/schema.js';
import { groupPolicy, type GroupTarget } from '../../policies/groups.policy.js';
import type { Actor } from '../auth/actor.js';
import { groupStats, myRolesAndRequests, type GroupRow } from './groups.repo.js';

export const targetOf = (row: GroupRow, myRole: string | null | undefined): GroupTarget => ({
  visibility: row.visibility,
  customer: row.customer === 1,
  archived: row.archived_at !== null,
  myRole: (myRole ?? null) as GroupTarget['myRole'],
});

/** Present a page of groups with three queries whatever its size. */
export async function presentGroups(db: Executor, rows: GroupRow[], actor: Actor): Promise<Group[]> {
  const ids = rows.map((r) => r.id);
  const [stats, mine] = await Promise.all([groupStats(db, ids), myRolesAndRequests(db, ids, actor.id)]);
  return rows.map((r) => {
    const target = targetOf(r, mine.roles.get(r.id));
    const s = stats.get(r.id)!;
    return {
      id: r.id,
      name: r.name,
      description: r.description,
      photoUrl: r.photo_key ? `/api/v1/groups/${r.id}/photo?v=${r.photo_key.split('/').pop()!.slice(0, 12)}` : null,
      visibility: r.visibility,
      customer: r.customer === 1,
      membersCount: s.members,
      hasGuests: s.guests > 0,
      archived: r.archived_at !== null,
      myRole: target.myRole && actor.kind === 'guest' ? 'guest' : target.myRole,
      myRequest: mine.requests.has(r.id) ? 'pending' : null,
      canRead: groupPolicy.read(actor, target),
      canManage: groupPolicy.manage(actor, target),
      createdAt: r.created_at,
    };
  });
}
