/**
 * THE place where the recipients of an event are decided (DESIGN.md §5). An event stores WHO it
 * concerns (an audience); whether a given person receives it is decided when it is delivered or
 * replayed, against his state at that moment, by the same rules as the REST reads in
 * `policies/visibility.ts` (a test compares the two cell by cell):
 *
 * - `company`: posts outside groups: every company member and admin, never a guest.
 * - `group`: a group's posts and reactions: its members (guests included), admins, and company
 *   members when the group is public.
 * - `members`: a group's chat and its membership changes: its members only (plus `also`, e.g. the
 *   person who was just removed, so that he learns of it).
 * - `users`: direct and group conversations: exactly these people.
 * - `nobody`: internal events that only steer the nodes.
 */
export type Audience =
  | { kind: 'company' }
  | { kind: 'group'; groupId: string }
  | { kind: 'members'; groupId: string; also?: string[] }
  | { kind: 'users'; userIds: string[] }
  | { kind: 'nobody' };

/** What the delivery needs to know about a connected person; kept current by the hub. */
export interface Recipient {
  id: string;
  role: 'admin' | 'member';
  kind: 'member' | 'guest';
  /** The groups he belongs to. */
  groups: Set<string>;
}

/** Posts, their comments and reactions reach those who may read the post. */
export const audienceOfPost = (post: { group_id: string | null }): Audience =>
  post.group_id ? { kind: 'group', groupId: post.group_id } : { kind: 'company' };

export type GroupVisibility = 'public' | 'private' | 'unlisted';

/** The group ids an audience needs the visibility of (so the caller can load them first). */
export const groupOf = (a: Audience): string | null => (a.kind === 'group' ? a.groupId : null);

export function mayReceive(r: Recipient, a: Audience, visibility: (groupId: string) => GroupVisibility | undefined): boolean {
  switch (a.kind) {
    case 'company':
      return r.kind === 'member';
    case 'group':
      if (r.groups.has(a.groupId)) return true;
      if (r.kind === 'guest') return false;
      return r.role === 'admin' || visibility(a.groupId) === 'public';
    case 'members':
      return r.groups.has(a.groupId) || (a.also?.includes(r.id) ?? false);
    case 'users':
      return a.userIds.includes(r.id);
    case 'nobody':
      return false;
  }
}
