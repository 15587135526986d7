import type { Comment, UserSummary } from '@atrium/contract';
import type { CommentsTable } from '../../db/schema.js';
import { commentPolicy, type PostTarget } from '../../policies/posts.policy.js';
import type { Viewer as Actor } from '../auth/actor.js';

export function presentComment(
  row: CommentsTable,
  author: UserSummary,
  post: PostTarget,
  actor: Actor,
  groupRole: 'owner' | 'manager' | 'member' | null = null,
): Comment {
  return {
    id: row.id,
    postId: row.post_id,
    author,
    body: row.body,
    html: row.html,
    createdAt: row.created_at,
    editedAt: row.edited_at,
    canEdit: commentPolicy.update(actor, row),
    canDelete: commentPolicy.delete(actor, row, post, groupRole),
  };
}
