import type { Executor, PostsTable } from '../../db/schema.js';

export type PostRow = PostsTable;

export const insertPost = (db: Executor, row: PostRow) => db.insertInto('posts').values(row).execute();

export const findPost = (db: Executor, id: string) => db.selectFrom('posts as p').selectAll('p').where('p.id', '=', id).executeTakeFirst();

export async function replaceLinks(db: Executor, postId: string, mentionIds: string[], topics: string[]) {
  await db.deleteFrom('post_mentions').where('post_id', '=', postId).execute();
  await db.deleteFrom('post_topics').where('post_id', '=', postId).execute();
  await insertLinks(db, postId, mentionIds, topics);
}

/** A new post's mentions and topics. */
export async function insertLinks(db: Executor, postId: string, mentionIds: string[], topics: string[]) {
  if (mentionIds.length) await db.insertInto('post_mentions').values(mentionIds.map((user_id) => ({ post_id: postId, user_id }))).execute();
  if (topics.length) await db.insertInto('post_topics').values(topics.map((topic) => ({ post_id: postId, topic }))).execute();
}

export const updatePostBody = (db: Executor, id: string, patch: Pick<PostRow, 'body' | 'html' | 'edited_at'>) =>
  db.updateTable('posts').set(patch).where('id', '=', id).execute();

export const deletePost = (db: Executor, id: string) => db.deleteFrom('posts').where('id', '=', id).execute();

/** Everything a page of posts references, in a fixed number of queries whatever the page size. */
export async function loadPostRefs(db: Executor, postIds: string[], viewerId: string) {
  if (postIds.length === 0) return { counts: [], mine: [], mentions: [], topics: [] };
  const [counts, mine, mentions, topics] = await Promise.all([
    db
      .selectFrom('reactions')
      .select(['post_id', 'kind', (eb) => eb.fn.countAll().as('n')])
      .where('post_id', 'in', postIds)
      .groupBy(['post_id', 'kind'])
      .execute(),
    db.selectFrom('reactions').select(['post_id', 'kind']).where('post_id', 'in', postIds).where('user_id', '=', viewerId).execute(),
    db.selectFrom('post_mentions').select(['post_id', 'user_id']).where('post_id', 'in', postIds).execute(),
    db.selectFrom('post_topics').select(['post_id', 'topic']).where('post_id', 'in', postIds).execute(),
  ]);
  return { counts, mine, mentions, topics };
}

/** The newest `perPost` comments of each post, in one query (a window over comments_post). */
export function latestComments(db: Executor, postIds: string[], perPost: number) {
  if (postIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom((eb) =>
      eb
        .selectFrom('comments')
        .selectAll()
        .select((w) => w.fn.agg<number>('row_number').over((o) => o.partitionBy('post_id').orderBy('id', 'desc')).as('rn'))
        .where('post_id', 'in', postIds)
        .as('c'),
    )
    .select(['c.id', 'c.post_id', 'c.author_id', 'c.body', 'c.html', 'c.created_at', 'c.edited_at'])
    .where('c.rn', '<=', perPost)
    .orderBy('c.id')
    .execute();
}

export async function reactionState(db: Executor, postId: string, viewerId: string) {
  const { counts, mine } = await loadPostRefs(db, [postId], viewerId);
  return {
    reactions: Object.fromEntries(counts.map((c) => [c.kind, Number(c.n)])),
    myReactions: mine.map((m) => m.kind),
  };
}

/** Idempotent; answers whether the reaction is new. */
export async function addReaction(db: Executor, row: { post_id: string; user_id: string; kind: string; created_at: string }): Promise<boolean> {
  const result = await db
    .insertInto('reactions')
    .values(row)
    .onConflict((oc) => oc.columns(['post_id', 'user_id', 'kind']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export const removeReaction = (db: Executor, postId: string, userId: string, kind: string) =>
  db.deleteFrom('reactions').where('post_id', '=', postId).where('user_id', '=', userId).where('kind', '=', kind).execute();
