import type { Post } from '@atrium/contract';
import { type AppContext, nowIso } from '../../context.js';
import type { Executor } from '../../db/schema.js';
import { visiblePosts } from '../../policies/visibility.js';
import { forbidden, notFound } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { parseText, renderText } from '../../lib/text.js';
import { postPolicy } from '../../policies/posts.policy.js';
import type { Actor } from '../auth/actor.js';
import { findActiveUsersByHandles } from '../people/users.repo.js';
import { loadVisibleUser } from '../people/users.service.js';
import { groupPolicy, type GroupTarget } from '../../policies/groups.policy.js';
import { lockGroup } from '../groups/groups.repo.js';
import { loadGroup, loadReadableGroup } from '../groups/groups.service.js';
import { presentNewPost, presentPosts } from './posts.presenter.js';
import * as repo from './posts.repo.js';
import { audienceOfPost } from '../../realtime/audiences.js';
import { writeTransaction } from '../../realtime/transaction.js';
import { notify } from '../notifications/notifications.service.js';

/**
 * A post as the stream carries it to every reader: what an ordinary reader sees, without the
 * viewer-specific parts (each client knows its own reactions and rights).
 */
export const neutralPost = (post: Post): Post => ({
  ...post,
  myReactions: [],
  canEdit: false,
  canDelete: false,
  latestComments: post.latestComments.map((c) => ({ ...c, canEdit: false, canDelete: false })),
});

/** Writes are rate-limited per person (API.md "Limits"). */
export function countWrite(ctx: AppContext, actor: Actor) {
  ctx.limiter.hit(`write:${actor.id}`, ctx.config.writeLimitPerMinute, 60_000);
}

/**
 * Parse, resolve mentions to the people the author may see (and who may exist where the text goes:
 * `groupId`, the post's group or null), render: what a stored body becomes.
 */
export async function renderBody(db: Executor, author: Actor, body: string, groupId: string | null) {
  const parsed = parseText(body);
  const people = await findActiveUsersByHandles(db, author, parsed.handles, groupId);
  const ids = new Map(people.map((p) => [p.handle, p.id]));
  return { html: renderText(parsed, ids), mentionIds: [...new Set(people.map((p) => p.id))], topics: parsed.topics };
}

/** A post the actor may read, or 404 exactly like a missing one. */
export async function loadVisiblePost(db: Executor, actor: Actor, id: string): Promise<repo.PostRow> {
  const row = await db.selectFrom('posts as p').selectAll('p').where('p.id', '=', id).where(visiblePosts(actor)).executeTakeFirst();
  if (!row) throw notFound('No such post');
  return row;
}

export async function presentPost(db: Executor, row: repo.PostRow, actor: Actor): Promise<Post> {
  return (await presentPosts(db, [row], actor))[0];
}

/**
 * Writing on a post (editing, commenting, reacting) needs its group, if any, to be open: an
 * archived group is read-only. The group's row lock orders this against archiving.
 */
export async function assertWritable(ctx: AppContext, tx: Executor, actor: Actor, post: repo.PostRow): Promise<GroupTarget['myRole']> {
  if (!post.group_id) return null;
  await lockGroup(tx, ctx.dialect, post.group_id);
  const group = await loadGroup(tx, actor, post.group_id);
  if (group.target.archived) throw forbidden('This group is archived');
  return group.target.myRole;
}

export async function createPost(
  ctx: AppContext,
  actor: Actor,
  input: { body: string; groupId?: string; wallUserId?: string; announcement?: boolean; announcementExpiresAt?: string },
): Promise<Post> {
  countWrite(ctx, actor);
  return writeTransaction(ctx, async (tx, emit) => {
    let groupId: string | null = null;
    let group: { name: string; myRole: GroupTarget['myRole'] } | null = null;
    if (input.groupId !== undefined) {
      await lockGroup(tx, ctx.dialect, input.groupId);
      const loaded = await loadReadableGroup(tx, actor, input.groupId);
      if (loaded.target.archived) throw forbidden('This group is archived');
      // An announcement is the owners' (and admins', who manage every group) word to the group;
      // any other post needs its author to be a member.
      if (input.announcement) {
        if (!groupPolicy.announce(actor, loaded.target)) throw forbidden('Only the group’s owners make announcements');
      } else if (!groupPolicy.post(actor, loaded.target)) {
        throw forbidden('Join the group to post in it');
      }
      groupId = loaded.row.id;
      group = { name: loaded.row.name, myRole: loaded.target.myRole };
    } else {
      if (actor.kind === 'guest') throw forbidden('People from outside post in their groups only');
      if (input.announcement && actor.role !== 'admin') throw forbidden('Only admins make company-wide announcements');
    }
    let wallUserId: string | null = null;
    if (input.wallUserId !== undefined && input.wallUserId !== actor.id) {
      const owner = await loadVisibleUser(tx, actor, input.wallUserId);
      if (!postPolicy.postOnWall(actor, owner)) throw notFound('No such person');
      wallUserId = owner.id;
    }
    const text = await renderBody(tx, actor, input.body, groupId);
    const row: repo.PostRow = {
      id: newId(),
      author_id: actor.id,
      body: input.body,
      html: text.html,
      group_id: groupId,
      wall_user_id: wallUserId,
      created_at: nowIso(ctx),
      edited_at: null,
      comments_count: 0,
      announcement: input.announcement ? 1 : 0,
      // Stored as nowIso() writes times, so that the text comparison with "now" is exact.
      announcement_expires_at: input.announcement && input.announcementExpiresAt ? new Date(input.announcementExpiresAt).toISOString() : null,
    };
    await repo.insertPost(tx, row);
    await repo.insertLinks(tx, row.id, text.mentionIds, text.topics);
    const post = await presentNewPost(tx, row, actor, text, group);
    emit({ type: 'post.created', data: { post: neutralPost(post) }, audience: audienceOfPost(row) });
    if (wallUserId) await notify(tx, emit, row.created_at, { kind: 'wall_post', actorId: actor.id, userIds: [wallUserId], post: row });
    await notify(tx, emit, row.created_at, { kind: 'mention', actorId: actor.id, userIds: text.mentionIds.filter((id) => id !== wallUserId), post: row });
    return post;
  });
}

export async function getPost(ctx: AppContext, actor: Actor, id: string): Promise<Post> {
  return presentPost(ctx.db, await loadVisiblePost(ctx.db, actor, id), actor);
}

export async function updatePost(ctx: AppContext, actor: Actor, id: string, input: { body: string }): Promise<Post> {
  countWrite(ctx, actor);
  return writeTransaction(ctx, async (tx, emit) => {
    const post = await loadVisiblePost(tx, actor, id);
    const groupRole = await assertWritable(ctx, tx, actor, post);
    if (!postPolicy.update(actor, post, groupRole)) throw forbidden('Only the author, the group’s managers or an admin edit a post');
    const text = await renderBody(tx, actor, input.body, post.group_id);
    const patch = { body: input.body, html: text.html, edited_at: nowIso(ctx) };
    const mentionedBefore = new Set((await tx.selectFrom('post_mentions').select('user_id').where('post_id', '=', id).execute()).map((m) => m.user_id));
    await repo.updatePostBody(tx, id, patch);
    await repo.replaceLinks(tx, id, text.mentionIds, text.topics);
    const updated = await presentPost(tx, { ...post, ...patch }, actor);
    emit({ type: 'post.updated', data: { post: neutralPost(updated) }, audience: audienceOfPost(post) });
    // Only those the edit newly mentions are told; the others were told already.
    const newly = text.mentionIds.filter((m) => !mentionedBefore.has(m));
    await notify(tx, emit, patch.edited_at, { kind: 'mention', actorId: actor.id, userIds: newly, post: { ...post, ...patch } });
    return updated;
  });
}

export async function deletePost(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  await writeTransaction(ctx, async (tx, emit) => {
    const post = await loadVisiblePost(tx, actor, id);
    const groupRole = await assertWritable(ctx, tx, actor, post);
    if (!postPolicy.delete(actor, post, groupRole)) throw forbidden('Only the author, the group’s managers or an admin delete a post');
    await repo.deletePost(tx, id); // comments, reactions, mentions and topics go with it (cascade)
    emit({ type: 'post.deleted', data: { postId: id, groupId: post.group_id }, audience: audienceOfPost(post) });
  });
}

export async function setReaction(ctx: AppContext, actor: Actor, id: string, kind: string, on: boolean) {
  return writeTransaction(ctx, async (tx, emit) => {
    const post = await loadVisiblePost(tx, actor, id);
    if (!postPolicy.react(actor, post)) throw forbidden();
    await assertWritable(ctx, tx, actor, post);
    const added = on ? await repo.addReaction(tx, { post_id: id, user_id: actor.id, kind, created_at: nowIso(ctx) }) : false;
    if (!on) await repo.removeReaction(tx, id, actor.id, kind);
    const state = await repo.reactionState(tx, id, actor.id);
    emit({ type: 'reaction.changed', data: { postId: id, reactions: state.reactions, userId: actor.id, kind, on }, audience: audienceOfPost(post) });
    if (added) await notify(tx, emit, nowIso(ctx), { kind: 'reaction', actorId: actor.id, userIds: [post.author_id], post });
    return state;
  });
}
