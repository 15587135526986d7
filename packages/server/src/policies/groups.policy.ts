import type { Viewer as Actor } from '../modules/auth/actor.js';

/** A group as the policies see it, with the actor's own membership role (null: not a member). */
export interface GroupTarget {
  visibility: 'public' | 'private' | 'unlisted';
  customer: boolean;
  archived: boolean;
  myRole: 'owner' | 'manager' | 'member' | null;
}

const leads = (g: GroupTarget) => g.myRole === 'owner' || g.myRole === 'manager';

/**
 * What a person may do with a group that exists for him (`visibleGroups` decides that in SQL).
 * Guests are always plain members of customer groups and never lead one.
 */
export const groupPolicy = {
  create: (actor: Actor) => actor.kind === 'member',
  /** Posts, comments, members and files of the group. */
  read: (actor: Actor, g: GroupTarget) =>
    actor.role === 'admin' || g.myRole !== null || (actor.kind === 'member' && g.visibility === 'public'),
  /** Its live chat: its members (guests included); writing there follows `post`. */
  chat: (_actor: Actor, g: GroupTarget) => g.myRole !== null,
  /** Writing in it: its members (guests included), while it is not archived. */
  post: (_actor: Actor, g: GroupTarget) => g.myRole !== null && !g.archived,
  /** Members, requests, settings, archiving: owners and managers, and admins for any group. */
  manage: (actor: Actor, g: GroupTarget) => actor.kind === 'member' && (actor.role === 'admin' || leads(g)),
  /** Appointing or removing owners: owners and admins only. */
  manageOwners: (actor: Actor, g: GroupTarget) => actor.kind === 'member' && (actor.role === 'admin' || g.myRole === 'owner'),
  /** Joining (public) or asking to join (private): colleagues who are not members yet. */
  join: (actor: Actor, g: GroupTarget) => actor.kind === 'member' && g.myRole === null && g.visibility !== 'unlisted' && !g.archived,
  /** Inviting people from outside: only into customer groups, by their owners and managers (or an admin). */
  invite: (actor: Actor, g: GroupTarget) => g.customer && !g.archived && groupPolicy.manage(actor, g),
  /** Group announcements: its owners and admins. */
  announce: (actor: Actor, g: GroupTarget) => !g.archived && actor.kind === 'member' && (actor.role === 'admin' || g.myRole === 'owner'),
};
