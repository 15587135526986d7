import { LIMITS, type Page, type Post } from '@atrium/contract';
import type { SelectQueryBuilder } from 'kysely';
import { type AppContext, nowIso } from '../context.js';
import type { DB, PostsTable } from '../db/schema.js';
import { decodeCursor, pageOf } from '../lib/cursor.js';
import type { Actor } from '../modules/auth/actor.js';
import { loadVisibleUser } from '../modules/people/users.service.js';
import { presentPosts } from '../modules/posts/posts.presenter.js';
import { notFound } from '../lib/errors.js';
import { myGroupIds, visiblePosts } from '../policies/visibility.js';
import { loadReadableGroup } from '../modules/groups/groups.service.js';
import { loadVisiblePost } from '../modules/posts/posts.service.js';
import { latestSeq } from '../realtime/outbox.js';
import type { RawJson } from '../http/raw-json.js';
import { ownReactions } from './post-cache.js';
import { type Branch, followedTopics, homeBranches, postsWhere, topicBranch, unionOf } from './home-skeleton.js';

type PostQuery = SelectQueryBuilder<DB & { p: PostsTable }, 'p', PostsTable>;

/**
 * Every post list runs the same four steps (atproto's pipeline): a skeleton query picks the ids
 * in order under the visibility rule, hydration batch-loads what they reference, presentation
 * maps to the contract. Newest first, keyset-paged by id (ids sort by creation time).
 */
async function pagedPosts(
  ctx: AppContext,
  actor: Actor,
  source: (q: PostQuery) => PostQuery,
  query: { cursor?: string; limit: number },
): Promise<Page<Post>> {
  const before = decodeCursor(query.cursor, 1);
  let q = source(ctx.db.selectFrom('posts as p').selectAll('p')).where(visiblePosts(actor));
  if (before) q = q.where('p.id', '<', before[0]);
  const rows = await q.orderBy('p.id', 'desc').limit(query.limit + 1).execute();
  const { rows: kept, nextCursor } = pageOf(rows, query.limit, (r) => [r.id]);
  return { items: await presentPosts(ctx.db, kept, actor), nextCursor };
}

/**
 * A feed made of several sources: each source takes its newest `limit + 1` visible posts on its
 * own index, the union is merged by id and cut to the page. One OR over all sources would make
 * the planner scan and sort every company post (6.5 s at a million posts); this stays at the
 * few index ranges a page needs.
 */
async function unionFeed(ctx: AppContext, actor: Actor, branches: Branch[], query: { cursor?: string; limit: number }): Promise<Page<Post>> {
  const before = decodeCursor(query.cursor, 1)?.[0] ?? null;
  const take = query.limit + 1;
  const rows = await ctx.db.selectFrom('posts as p').selectAll('p').where('p.id', 'in', unionOf(ctx.db, branches, before, take)).orderBy('p.id', 'desc').limit(take).execute();
  const { rows: kept, nextCursor } = pageOf(rows, query.limit, (r) => [r.id]);
  return { items: await presentPosts(ctx.db, kept, actor), nextCursor };
}

/** Read-your-writes for the caches: what this node (or, with several nodes, any node) committed is applied first. */
async function caughtUp(ctx: AppContext) {
  await ctx.hub.catchUp(ctx.config.redisUrl ? await latestSeq(ctx.db) : 0);
}

/**
 * The home feed: from the person's materialized timeline and serialized posts when the feed cache
 * is on (the default), else (and for pages older than the timeline holds) fanned out on read.
 */
export async function homeFeed(ctx: AppContext, actor: Actor, query: { cursor?: string; limit: number }): Promise<Page<Post> | RawJson> {
  const cursor = decodeCursor(query.cursor, 1)?.[0] ?? null;
  if (ctx.feed) {
    await caughtUp(ctx);
    const timeline = await ctx.feed.timelines.get(actor);
    const page = timeline.page(cursor, query.limit);
    if (page) {
      return ctx.feed.posts.page(ctx.db, actor, page, {
        roleIn: (groupId) => timeline.groupRoles.get(groupId) ?? null,
        reactionsTo: (postId) => timeline.reactions.get(postId) ?? [],
      });
    }
  }
  return homeFeedFannedOut(ctx, actor, query);
}

/** The home feed straight from the database (no cache): older pages, and the reference the cache is tested against. */
export async function homeFeedFannedOut(ctx: AppContext, actor: Actor, query: { cursor?: string; limit: number }): Promise<Page<Post>> {
  const topics = await followedTopics(ctx.db, actor.id);
  return unionFeed(ctx, actor, homeBranches(ctx.db, actor, topics), query);
}

/** A person's wall: posts by him and posts on his wall, as far as the caller may read them. */
export async function wall(ctx: AppContext, actor: Actor, userId: string, query: { cursor?: string; limit: number }) {
  // Walls belong to the company: for people from outside they do not exist.
  if (actor.kind === 'guest') throw notFound('No such person');
  await loadVisibleUser(ctx.db, actor, userId);
  return unionFeed(
    ctx,
    actor,
    [postsWhere(ctx.db, actor, (q) => q.where('p.author_id', '=', userId)), postsWhere(ctx.db, actor, (q) => q.where('p.wall_user_id', '=', userId))],
    query,
  );
}

/** A group's feed, to those who may read the group. */
export async function groupFeed(ctx: AppContext, actor: Actor, groupId: string, query: { cursor?: string; limit: number }): Promise<Page<Post> | RawJson> {
  const group = await loadReadableGroup(ctx.db, actor, groupId);
  if (!ctx.feed) return groupFeedFromDb(ctx, actor, groupId, query);
  // The page's ids from the index, the posts from the serialized ones (a group feed is the
  // second most read list: people switch between their groups all day).
  await caughtUp(ctx);
  const before = decodeCursor(query.cursor, 1)?.[0];
  let q = ctx.db.selectFrom('posts as p').select('p.id').where('p.group_id', '=', groupId).where(visiblePosts(actor));
  if (before) q = q.where('p.id', '<', before);
  const rows = await q.orderBy('p.id', 'desc').limit(query.limit + 1).execute();
  const { rows: kept, nextCursor } = pageOf(rows, query.limit, (r) => [r.id]);
  const ids = kept.map((r) => r.id);
  const mine = await ownReactions(ctx.db, actor.id, ids);
  return ctx.feed.posts.page(ctx.db, actor, { ids, nextCursor }, { roleIn: () => group.target.myRole, reactionsTo: (id) => mine.get(id) ?? [] });
}

/** A group's feed straight from the database: without the feed cache, and the reference the cache is tested against. */
export function groupFeedFromDb(ctx: AppContext, actor: Actor, groupId: string, query: { cursor?: string; limit: number }) {
  return pagedPosts(ctx, actor, (q) => q.where('p.group_id', '=', groupId), query);
}

/**
 * Announcements that stand at the top of the caller's feed: company-wide ones (for colleagues)
 * and those of his groups, unexpired and not dismissed by him, newest first.
 */
export async function activeAnnouncements(ctx: AppContext, actor: Actor) {
  const now = nowIso(ctx);
  const rows = await ctx.db
    .selectFrom('posts as p')
    .selectAll('p')
    .where('p.announcement', '=', 1)
    .where(visiblePosts(actor))
    .where((eb) => eb.or([eb('p.group_id', 'is', null), eb('p.group_id', 'in', myGroupIds(eb, actor))]))
    .where((eb) => eb.or([eb('p.announcement_expires_at', 'is', null), eb('p.announcement_expires_at', '>', now)]))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('announcement_dismissals as d').select('d.post_id').whereRef('d.post_id', '=', 'p.id').where('d.user_id', '=', actor.id),
        ),
      ),
    )
    .orderBy('p.id', 'desc')
    .limit(LIMITS.activeAnnouncements)
    .execute();
  return { items: await presentPosts(ctx.db, rows, actor) };
}

export async function dismissAnnouncement(ctx: AppContext, actor: Actor, postId: string) {
  const post = await loadVisiblePost(ctx.db, actor, postId);
  if (!post.announcement) throw notFound('No such announcement');
  await ctx.db
    .insertInto('announcement_dismissals')
    .values({ post_id: postId, user_id: actor.id, created_at: nowIso(ctx) })
    .onConflict((oc) => oc.columns(['post_id', 'user_id']).doNothing())
    .execute();
}

export function topicFeed(ctx: AppContext, actor: Actor, topic: string, query: { cursor?: string; limit: number }) {
  return unionFeed(ctx, actor, [(before, take) => topicBranch(ctx.db, actor, topic.toLowerCase(), before, take)], query);
}
