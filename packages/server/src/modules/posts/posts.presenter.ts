import type { Comment, Post, UserSummary } from '@atrium/contract';
import type { Executor } from '../../db/schema.js';
import { postPolicy } from '../../policies/posts.policy.js';
import type { Viewer as Actor } from '../auth/actor.js';
import { presentUserSummary } from '../people/users.presenter.js';
import { findUsersByIds } from '../people/users.repo.js';
import { presentComment } from './comments.presenter.js';
import { latestComments, loadPostRefs, type PostRow } from './posts.repo.js';

/** How many of the newest comments come with each post, so a feed card shows them without another request. */
export const LATEST_COMMENTS = 3;

/** Hydrate and present a page of posts in a fixed number of queries for any number of posts (pinned by a test). */
export async function presentPosts(db: Executor, rows: PostRow[], actor: Actor): Promise<Post[]> {
  if (rows.length === 0) return [];
  const postIds = rows.map((r) => r.id);
  const [refs, comments] = await Promise.all([loadPostRefs(db, postIds, actor.id), latestComments(db, postIds, LATEST_COMMENTS)]);
  const userIds = rows.flatMap((r) => (r.wall_user_id ? [r.author_id, r.wall_user_id] : [r.author_id]));
  const groupIds = [...new Set(rows.flatMap((r) => (r.group_id ? [r.group_id] : [])))];
  const [users, groups] = await Promise.all([
    findUsersByIds(db, [...userIds, ...comments.map((c) => c.author_id)]),
    groupIds.length
      ? db
          .selectFrom('groups as g')
          .leftJoin('group_members as me', (j) => j.onRef('me.group_id', '=', 'g.id').on('me.user_id', '=', actor.id))
          .select(['g.id', 'g.name', 'me.role'])
          .where('g.id', 'in', groupIds)
          .execute()
      : [],
  ]);
  const groupNames = new Map(groups.map((g) => [g.id, g.name]));
  const groupRoles = new Map(groups.map((g) => [g.id, g.role ?? null]));
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
  const latest = byPost(comments);
  return rows.map((r) => {
    const role = r.group_id ? (groupRoles.get(r.group_id) ?? null) : null;
    return postShape(r, actor, people, role, {
      reactions: Object.fromEntries((counts.get(r.id) ?? []).map((c) => [c.kind, Number(c.n)])),
      myReactions: (mine.get(r.id) ?? []).map((x) => x.kind),
      mentions: (mentions.get(r.id) ?? []).map((x) => x.user_id),
      topics: (topics.get(r.id) ?? []).map((x) => x.topic),
      groupName: r.group_id ? (groupNames.get(r.group_id) ?? '') : '',
      latestComments: (latest.get(r.id) ?? []).map((c) => presentComment(c, people.get(c.author_id)!, r, actor, role)),
    });
  });
}

/** The one place a row and what was loaded for it become the contract's Post. */
function postShape(
  r: PostRow,
  actor: Actor,
  people: Map<string, UserSummary>,
  role: 'owner' | 'manager' | 'member' | null,
  loaded: { reactions: Record<string, number>; myReactions: string[]; mentions: string[]; topics: string[]; groupName: string; latestComments: Comment[] },
): Post {
  return {
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
    reactions: loaded.reactions,
    myReactions: [...loaded.myReactions].sort(),
    mentions: [...loaded.mentions].sort(),
    topics: [...loaded.topics].sort(),
    canEdit: postPolicy.update(actor, r, role),
    canDelete: postPolicy.delete(actor, r, role),
    group: r.group_id ? { id: r.group_id, name: loaded.groupName } : null,
    announcement: r.announcement ? { expiresAt: r.announcement_expires_at } : null,
    latestComments: loaded.latestComments,
  };
}

/**
 * A post just written: it has no reactions or comments yet and its links are known, so only its
 * people are loaded (one query instead of a page's hydration). Same shape as `presentPosts`.
 */
export async function presentNewPost(
  db: Executor,
  r: PostRow,
  actor: Actor,
  links: { mentionIds: string[]; topics: string[] },
  group: { name: string; myRole: 'owner' | 'manager' | 'member' | null } | null,
): Promise<Post> {
  const people = new Map((await findUsersByIds(db, r.wall_user_id ? [r.author_id, r.wall_user_id] : [r.author_id])).map((u) => [u.id, presentUserSummary(u)]));
  return postShape(r, actor, people, group?.myRole ?? null, {
    reactions: {},
    myReactions: [],
    mentions: links.mentionIds,
    topics: links.topics,
    groupName: group?.name ?? '',
    latestComments: [],
  });
}
