import { LIMITS } from '@atrium/contract';
import type { SelectQueryBuilder } from 'kysely';
import type { DB, Db, PostsTable } from '../db/schema.js';
import type { Viewer } from '../modules/auth/actor.js';
import { myGroupIds, visiblePosts } from '../policies/visibility.js';
import type { TimelineSource } from './timelines.js';

type PostQuery = SelectQueryBuilder<DB & { p: PostsTable }, 'p', PostsTable>;

/**
 * One source of a feed: the ids of its newest visible posts before the cursor, at most `take`,
 * driven by the source's own index (posts by author, by wall, by group; mentions; one topic).
 */
// Any tables may drive a branch; what comes out is always the post ids.
export type Branch = (before: string | null, take: number) => SelectQueryBuilder<any, any, { id: string }>;

/**
 * The ids of several sources: each source takes its newest `take` visible posts on its own index,
 * and the union is merged. One OR over all sources would make the planner scan and sort every
 * company post (6.5 s at a million posts); this stays at the few index ranges a page needs.
 */
export function unionOf(db: Db, branches: Branch[], before: string | null, take: number) {
  const parts = branches.map((branch, i) => db.selectFrom(branch(before, take).as(`b${i}`)).select(`b${i}.id` as 'id'));
  return parts.slice(1).reduce((acc, part) => acc.union(part), parts[0]);
}

/** Newest visible posts matching `where`, on the posts table's own indexes. */
export function postsWhere(db: Db, viewer: Viewer, where: (q: PostQuery) => PostQuery): Branch {
  return (before, take) => {
    let q = where(db.selectFrom('posts as p').selectAll('p')).where(visiblePosts(viewer));
    if (before) q = q.where('p.id', '<', before);
    return q.clearSelect().select('p.id').orderBy('p.id', 'desc').limit(take);
  };
}

export function topicBranch(db: Db, viewer: Viewer, topic: string, before: string | null, take: number) {
  let q = db.selectFrom('post_topics as pt').innerJoin('posts as p', 'p.id', 'pt.post_id').select('p.id').where('pt.topic', '=', topic).where(visiblePosts(viewer));
  if (before) q = q.where('pt.post_id', '<', before);
  return q.orderBy('pt.post_id', 'desc').limit(take);
}

/** The topics that feed a home feed: the first LIMITS.followedTopicsInFeed a person follows. */
export async function followedTopics(db: Db, userId: string): Promise<string[]> {
  const rows = await db.selectFrom('topic_follows').select('topic').where('user_id', '=', userId).orderBy('topic').limit(LIMITS.followedTopicsInFeed).execute();
  return rows.map((r) => r.topic);
}

/**
 * The home feed's sources, fanned out on read: one's own posts, posts by people one follows, posts
 * on one's wall, posts in one's groups, posts that mention one, and posts in topics one follows.
 */
export function homeBranches(db: Db, viewer: Viewer, topics: string[]): Branch[] {
  return [
    postsWhere(db, viewer, (q) => q.where('p.author_id', '=', viewer.id)),
    postsWhere(db, viewer, (q) => q.where('p.author_id', 'in', (eb) => eb.selectFrom('follows').select('followee_id').where('follower_id', '=', viewer.id))),
    postsWhere(db, viewer, (q) => q.where('p.wall_user_id', '=', viewer.id)),
    postsWhere(db, viewer, (q) => q.where('p.group_id', 'in', (eb) => myGroupIds(eb, viewer))),
    // Link tables drive these two in their own (key, post_id) order, so each stops after a page.
    (before, take) => {
      let q = db.selectFrom('post_mentions as m').innerJoin('posts as p', 'p.id', 'm.post_id').select('p.id').where('m.user_id', '=', viewer.id).where(visiblePosts(viewer));
      if (before) q = q.where('m.post_id', '<', before);
      return q.orderBy('m.post_id', 'desc').limit(take);
    },
    ...topics.map((topic): Branch => (before, take) => topicBranch(db, viewer, topic, before, take)),
  ];
}

/** What a home timeline is built from: the feed's newest `take` ids and the follows that extend it. */
export const homeTimelineSource: TimelineSource = async (db, viewer, take) => {
  const [topics, follows] = await Promise.all([
    followedTopics(db, viewer.id),
    db.selectFrom('follows').select('followee_id').where('follower_id', '=', viewer.id).execute(),
  ]);
  const rows = await db
    .selectFrom('posts as p')
    .select('p.id')
    .where('p.id', 'in', unionOf(db, homeBranches(db, viewer, topics), null, take))
    .orderBy('p.id', 'desc')
    .limit(take)
    .execute();
  return { ids: rows.map((r) => r.id), follows: follows.map((f) => f.followee_id), topics };
};
