import type { Page, Post } from '@atrium/contract';
import type { SelectQueryBuilder } from 'kysely';
import type { AppContext } from '../context.js';
import type { DB, PostsTable } from '../db/schema.js';
import { decodeCursor, pageOf } from '../lib/cursor.js';
import type { Actor } from '../modules/auth/actor.js';
import { loadVisibleUser } from '../modules/people/users.service.js';
import { presentPosts } from '../modules/posts/posts.presenter.js';
import { LIMITS } from '@atrium/contract';
import { nowIso } from '../context.js';
import { notFound } from '../lib/errors.js';
import { myGroupIds, visiblePosts } from '../policies/visibility.js';
import { loadReadableGroup } from '../modules/groups/groups.service.js';
import { loadVisiblePost } from '../modules/posts/posts.service.js';

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
 * The home feed, fanned out on read: one's own posts, posts by people one follows, posts on
 * one's wall, posts that mention one, and posts in topics one follows.
 */
export function homeFeed(ctx: AppContext, actor: Actor, query: { cursor?: string; limit: number }) {
  return pagedPosts(
    ctx,
    actor,
    (q) =>
      q.where((eb) =>
        eb.or([
          eb('p.author_id', '=', actor.id),
          eb('p.author_id', 'in', eb.selectFrom('follows').select('followee_id').where('follower_id', '=', actor.id)),
          eb('p.wall_user_id', '=', actor.id),
          eb('p.group_id', 'in', myGroupIds(eb, actor)),
          eb('p.id', 'in', eb.selectFrom('post_mentions').select('post_id').where('user_id', '=', actor.id)),
          eb(
            'p.id',
            'in',
            eb
              .selectFrom('post_topics as pt')
              .innerJoin('topic_follows as tf', 'tf.topic', 'pt.topic')
              .select('pt.post_id')
              .where('tf.user_id', '=', actor.id),
          ),
        ]),
      ),
    query,
  );
}

/** A person's wall: posts by him and posts on his wall, as far as the caller may read them. */
export async function wall(ctx: AppContext, actor: Actor, userId: string, query: { cursor?: string; limit: number }) {
  // Walls belong to the company: for people from outside they do not exist.
  if (actor.kind === 'guest') throw notFound('No such person');
  await loadVisibleUser(ctx.db, actor, userId);
  return pagedPosts(ctx, actor, (q) => q.where((eb) => eb.or([eb('p.author_id', '=', userId), eb('p.wall_user_id', '=', userId)])), query);
}

/** A group's feed, to those who may read the group. */
export async function groupFeed(ctx: AppContext, actor: Actor, groupId: string, query: { cursor?: string; limit: number }) {
  await loadReadableGroup(ctx.db, actor, groupId);
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
  return pagedPosts(
    ctx,
    actor,
    (q) => q.where('p.id', 'in', (eb) => eb.selectFrom('post_topics').select('post_id').where('topic', '=', topic.toLowerCase())),
    query,
  );
}
