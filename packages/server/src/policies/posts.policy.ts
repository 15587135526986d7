import type { Actor } from '../modules/auth/actor.js';

export interface PostTarget {
  author_id: string;
  group_id: string | null;
}

export interface CommentTarget {
  author_id: string;
}

/**
 * What a person may do with a post he can see. Whether he can see it at all is decided in SQL by
 * `visiblePosts` (feed/visibility.ts), so lists and single reads share one rule.
 */
export const postPolicy = {
  update: (actor: Actor, post: PostTarget) => actor.id === post.author_id || actor.role === 'admin',
  delete: (actor: Actor, post: PostTarget) => actor.id === post.author_id || actor.role === 'admin',
  comment: (_actor: Actor, _post: PostTarget) => true,
  react: (_actor: Actor, _post: PostTarget) => true,
  /** Posting on a colleague's wall: any active member on any active member's wall. */
  postOnWall: (actor: Actor, wallOwner: { id: string; status: string }) => wallOwner.status === 'active',
};

export const commentPolicy = {
  update: (actor: Actor, comment: CommentTarget) => actor.id === comment.author_id,
  /** The comment's author, the post's author (moderating his own thread) or an admin. */
  delete: (actor: Actor, comment: CommentTarget, post: PostTarget) =>
    actor.id === comment.author_id || actor.id === post.author_id || actor.role === 'admin',
};
