import type { Post } from '@atrium/contract';
import type { Executor } from '../../db/schema.js';
import { postPolicy } from '../../policies/posts.policy.js';
import type { Actor } from '../auth/actor.js';
import { presentUserSummary } from '../people/users.presenter.js';
import { findUsersByIds } from '../people/users.repo.js';
import { loadPostRefs, type PostRow } from './posts.repo.js';

/** Hydrate and present a page of posts: five queries for any number of posts (pinned by a test). */
export async function presentPosts(db: Executor, rows: PostRow[], actor: Actor): Promise<Post[]> {
  if (rows.length === 0) return [];
  const userIds = rows.flatMap((r) => (r.wall_user_id ? [r.author_id, r.wall_user_id] : [r.author_id]));
  const [users, refs] = await Promise.all([findUsersByIds(db, userIds), loadPostRefs(db, rows.map((r) => r.id), actor.id)]);
  const people = new Map(users.map((u) => [u.id, presentUserSummary(u)]));
  const byPost = <T extends { post_id: string }>(list: T[]) => {
    const m = new Map<string, T[]>();
    for (const x of list) m.set(x.post_id, [...(m.get(x.post_id) ?? []), x]);
    return m;
  };
  const counts = byPost(refs.counts);
  const mine = byPost(refs.mine);
  const mentions = byPost(refs.mentions);
  const topics = byPost(refs.topics);
  return rows.map((r) => ({
    id: r.id,
    author: people.get(r.author_id)!,
    body: r.body,
    html: r.html,
    groupId: r.group_id,
    wallUserId: r.wall_user_id,
    wallUser: r.wall_user_id ? (people.get(r.wall_user_id) ?? null) : null,
    createdAt: r.created_at,
    editedAt: r.edited_at,
    commentsCount: Number(r.comments_count),
    reactions: Object.fromEntries((counts.get(r.id) ?? []).map((c) => [c.kind, Number(c.n)])),
    myReactions: (mine.get(r.id) ?? []).map((x) => x.kind),
    mentions: (mentions.get(r.id) ?? []).map((x) => x.user_id),
    topics: (topics.get(r.id) ?? []).map((x) => x.topic),
    canEdit: postPolicy.update(actor, r),
    canDelete: postPolicy.delete(actor, r),
  }));
}
