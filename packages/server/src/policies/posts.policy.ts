import type { Viewer as Actor } from '../modules/auth/actor.js';

export interface PostTarget {
  author_id: string;
  group_id: string | null;
}

export interface CommentTarget {
  author_id: string;
}

/**
 * What a person may do with a post he can see. Whether he can see it at all is decided in SQL by
 * `visiblePosts` (policies/visibility.ts), so lists and single reads share one rule.
 */
/** The actor's role in the post's group, if it has one: owners and managers moderate their group. */
type GroupRole = 'owner' | 'manager' | 'member' | null;
const moderates = (actor: Actor, post: PostTarget, groupRole: GroupRole) =>
  post.group_id !== null && actor.kind === 'member' && (groupRole === 'owner' || groupRole === 'manager');

export const postPolicy = {
  update: (actor: Actor, post: PostTarget, groupRole: GroupRole = null) =>
    actor.id === post.author_id || actor.role === 'admin' || moderates(actor, post, groupRole),
  delete: (actor: Actor, post: PostTarget, groupRole: GroupRole = null) =>
    actor.id === post.author_id || actor.role === 'admin' || moderates(actor, post, groupRole),
  comment: (_actor: Actor, _post: PostTarget) => true,
  react: (_actor: Actor, _post: PostTarget) => true,
  /** Posting on a colleague's wall: any active member on any active colleague's wall. People from outside have no wall. */
  postOnWall: (actor: Actor, wallOwner: { id: string; status: string; kind: 'member' | 'guest' }) =>
    wallOwner.status === 'active' && wallOwner.kind === 'member',
};

export const commentPolicy = {
  update: (actor: Actor, comment: CommentTarget) => actor.id === comment.author_id,
  /** The comment's author, the post's author (moderating his own thread), the group's owners and managers, or an admin. */
  delete: (actor: Actor, comment: CommentTarget, post: PostTarget, groupRole: GroupRole = null) =>
    actor.id === comment.author_id || actor.id === post.author_id || actor.role === 'admin' || moderates(actor, post, groupRole),
};
