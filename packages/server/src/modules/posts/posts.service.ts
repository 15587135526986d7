import type { Post } from '@atrium/contract';
import { type AppContext, nowIso } from '../../context.js';
import type { Executor } from '../../db/schema.js';
import { visiblePosts } from '../../feed/visibility.js';
import { forbidden, notFound } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { parseText, renderText } from '../../lib/text.js';
import { postPolicy } from '../../policies/posts.policy.js';
import type { Actor } from '../auth/actor.js';
import { findActiveUsersByHandles } from '../people/users.repo.js';
import { loadVisibleUser } from '../people/users.service.js';
import { presentPosts } from './posts.presenter.js';
import * as repo from './posts.repo.js';

/** Writes are rate-limited per person (API.md "Limits"). */
export function countWrite(ctx: AppContext, actor: Actor) {
  ctx.limiter.hit(`write:${actor.id}`, ctx.config.writeLimitPerMinute, 60_000);
}

/** Parse, resolve mentions to active people, render: what a stored body becomes. */
export async function renderBody(db: Executor, body: string) {
  const parsed = parseText(body);
  const people = await findActiveUsersByHandles(db, parsed.handles);
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

export async function createPost(
  ctx: AppContext,
  actor: Actor,
  input: { body: string; groupId?: string; wallUserId?: string },
): Promise<Post> {
  countWrite(ctx, actor);
  return ctx.db.transaction().execute(async (tx) => {
    if (actor.kind === 'guest') throw forbidden('Guests post in their groups only');
    // Groups arrive with their own module; until then no group exists for anyone.
    if (input.groupId !== undefined) throw notFound('No such group');
    let wallUserId: string | null = null;
    if (input.wallUserId !== undefined && input.wallUserId !== actor.id) {
      const owner = await loadVisibleUser(tx, actor, input.wallUserId);
      if (!postPolicy.postOnWall(actor, owner)) throw notFound('No such person');
      wallUserId = owner.id;
    }
    const text = await renderBody(tx, input.body);
    const row: repo.PostRow = {
      id: newId(),
      author_id: actor.id,
      body: input.body,
      html: text.html,
      group_id: null,
      wall_user_id: wallUserId,
      created_at: nowIso(ctx),
      edited_at: null,
      comments_count: 0,
    };
    await repo.insertPost(tx, row);
    await repo.replaceLinks(tx, row.id, text.mentionIds, text.topics);
    return presentPost(tx, row, actor);
  });
}

export async function getPost(ctx: AppContext, actor: Actor, id: string): Promise<Post> {
  return presentPost(ctx.db, await loadVisiblePost(ctx.db, actor, id), actor);
}

export async function updatePost(ctx: AppContext, actor: Actor, id: string, input: { body: string }): Promise<Post> {
  countWrite(ctx, actor);
  return ctx.db.transaction().execute(async (tx) => {
    const post = await loadVisiblePost(tx, actor, id);
    if (!postPolicy.update(actor, post)) throw forbidden('Only the author or an admin edits a post');
    const text = await renderBody(tx, input.body);
    const patch = { body: input.body, html: text.html, edited_at: nowIso(ctx) };
    await repo.updatePostBody(tx, id, patch);
    await repo.replaceLinks(tx, id, text.mentionIds, text.topics);
    return presentPost(tx, { ...post, ...patch }, actor);
  });
}

export async function deletePost(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  await ctx.db.transaction().execute(async (tx) => {
    const post = await loadVisiblePost(tx, actor, id);
    if (!postPolicy.delete(actor, post)) throw forbidden('Only the author or an admin deletes a post');
    await repo.deletePost(tx, id); // comments, reactions, mentions and topics go with it (cascade)
  });
}

export async function setReaction(ctx: AppContext, actor: Actor, id: string, kind: string, on: boolean) {
  return ctx.db.transaction().execute(async (tx) => {
    const post = await loadVisiblePost(tx, actor, id);
    if (!postPolicy.react(actor, post)) throw forbidden();
    if (on) await repo.addReaction(tx, { post_id: id, user_id: actor.id, kind, created_at: nowIso(ctx) });
    else await repo.removeReaction(tx, id, actor.id, kind);
    return repo.reactionState(tx, id, actor.id);
  });
}
