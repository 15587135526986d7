import type { Comment, Page } from '@atrium/contract';
import { sql } from 'kysely';
import { type AppContext, nowIso } from '../../context.js';
import type { CommentsTable, Executor } from '../../db/schema.js';
import { decodeCursor, pageOf } from '../../lib/cursor.js';
import { forbidden, notFound } from '../../lib/errors.js';
import { newId } from '../../lib/ids.js';
import { commentPolicy, postPolicy } from '../../policies/posts.policy.js';
import { presentComment } from './comments.presenter.js';
import { findMember } from '../groups/groups.repo.js';
import type { Actor } from '../auth/actor.js';
import { presentUserSummary } from '../people/users.presenter.js';
import { findUsersByIds } from '../people/users.repo.js';
import type { PostRow } from './posts.repo.js';
import { assertWritable, countWrite, loadVisiblePost, renderBody } from './posts.service.js';
import { audienceOfPost } from '../../realtime/audiences.js';
import { writeTransaction } from '../../realtime/transaction.js';
import { notify } from '../notifications/notifications.service.js';

const neutralComment = (c: Comment): Comment => ({ ...c, canEdit: false, canDelete: false });

async function presentComments(db: Executor, rows: CommentsTable[], post: PostRow, actor: Actor): Promise<Comment[]> {
  const [users, membership] = await Promise.all([
    findUsersByIds(db, rows.map((r) => r.author_id)),
    post.group_id ? findMember(db, post.group_id, actor.id) : undefined,
  ]);
  const authors = new Map(users.map((u) => [u.id, presentUserSummary(u)]));
  return rows.map((r) => presentComment(r, authors.get(r.author_id)!, post, actor, membership?.role ?? null));
}

export async function addComment(ctx: AppContext, actor: Actor, postId: string, input: { body: string }): Promise<Comment> {
  countWrite(ctx, actor);
  return writeTransaction(ctx, async (tx, emit) => {
    const post = await loadVisiblePost(tx, actor, postId);
    if (!postPolicy.comment(actor, post)) throw forbidden();
    await assertWritable(ctx, tx, actor, post);
    const text = await renderBody(tx, actor, input.body, post.group_id);
    const row: CommentsTable = {
      id: newId(),
      post_id: postId,
      author_id: actor.id,
      body: input.body,
      html: text.html,
      created_at: nowIso(ctx),
      edited_at: null,
    };
    await tx.insertInto('comments').values(row).execute();
    const counted = await tx.updateTable('posts').set({ comments_count: sql`comments_count + 1` }).where('id', '=', postId).returning('comments_count').executeTakeFirstOrThrow();
    const comment = (await presentComments(tx, [row], post, actor))[0];
    const commentsCount = Number(counted.comments_count);
    emit({ type: 'comment.created', data: { comment: neutralComment(comment), postId, commentsCount }, audience: audienceOfPost(post) });
    await notify(tx, emit, row.created_at, { kind: 'comment', actorId: actor.id, userIds: [post.author_id], post, commentId: row.id });
    const mentioned = text.mentionIds.filter((id) => id !== post.author_id);
    await notify(tx, emit, row.created_at, { kind: 'mention', actorId: actor.id, userIds: mentioned, post, commentId: row.id });
    return comment;
  });
}

/** Comments oldest first, keyset-paged by id. */
export async function listComments(
  ctx: AppContext,
  actor: Actor,
  postId: string,
  query: { cursor?: string; limit: number },
): Promise<Page<Comment>> {
  const post = await loadVisiblePost(ctx.db, actor, postId);
  const after = decodeCursor(query.cursor, 1);
  let q = ctx.db.selectFrom('comments').selectAll().where('post_id', '=', postId);
  if (after) q = q.where('id', '>', after[0]);
  const rows = await q.orderBy('id').limit(query.limit + 1).execute();
  const { rows: kept, nextCursor } = pageOf(rows, query.limit, (r) => [r.id]);
  return { items: await presentComments(ctx.db, kept, post, actor), nextCursor };
}

/** A comment whose post the actor may read, with that post. */
async function loadVisibleComment(db: Executor, actor: Actor, id: string) {
  const comment = await db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst();
  if (!comment) throw notFound('No such comment');
  const post = await loadVisiblePost(db, actor, comment.post_id).catch(() => {
    throw notFound('No such comment');
  });
  return { comment, post };
}

export async function updateComment(ctx: AppContext, actor: Actor, id: string, input: { body: string }): Promise<Comment> {
  countWrite(ctx, actor);
  return writeTransaction(ctx, async (tx, emit) => {
    const { comment, post } = await loadVisibleComment(tx, actor, id);
    if (!commentPolicy.update(actor, comment)) throw forbidden('Only the author edits a comment');
    await assertWritable(ctx, tx, actor, post);
    const text = await renderBody(tx, actor, input.body, post.group_id);
    const patch = { body: input.body, html: text.html, edited_at: nowIso(ctx) };
    await tx.updateTable('comments').set(patch).where('id', '=', id).execute();
    const updated = (await presentComments(tx, [{ ...comment, ...patch }], post, actor))[0];
    emit({ type: 'comment.updated', data: { comment: neutralComment(updated), postId: post.id }, audience: audienceOfPost(post) });
    return updated;
  });
}

export async function deleteComment(ctx: AppContext, actor: Actor, id: string): Promise<void> {
  await writeTransaction(ctx, async (tx, emit) => {
    const { comment, post } = await loadVisibleComment(tx, actor, id);
    const groupRole = await assertWritable(ctx, tx, actor, post);
    if (!commentPolicy.delete(actor, comment, post, groupRole)) throw forbidden('You may not delete this comment');
    await tx.deleteFrom('comments').where('id', '=', id).execute();
    const counted = await tx.updateTable('posts').set({ comments_count: sql`comments_count - 1` }).where('id', '=', post.id).returning('comments_count').executeTakeFirstOrThrow();
    const commentsCount = Number(counted.comments_count);
    emit({ type: 'comment.deleted', data: { commentId: id, postId: post.id, commentsCount }, audience: audienceOfPost(post) });
  });
}
