import { type AppContext, nowIso } from '../../context.js';
import { visiblePosts, visibleUsers } from '../../policies/visibility.js';
import { forbidden } from '../../lib/errors.js';
import { writeTransaction } from '../../realtime/transaction.js';
import type { Actor } from '../auth/actor.js';

/** A topic exists as soon as anyone names it; its post count covers only posts the caller may read. */
export async function getTopic(ctx: AppContext, actor: Actor, name: string) {
  const topic = name.toLowerCase();
  const [posts, followers, mine] = await Promise.all([
    ctx.db
      .selectFrom('posts as p')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('p.id', 'in', (eb) => eb.selectFrom('post_topics').select('post_id').where('topic', '=', topic))
      .where(visiblePosts(actor))
      .executeTakeFirstOrThrow(),
    // Only followers the caller may see are counted: a count is a side door too.
    ctx.db
      .selectFrom('topic_follows as tf')
      .innerJoin('users as u', 'u.id', 'tf.user_id')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('tf.topic', '=', topic)
      .where('u.status', '=', 'active')
      .where(visibleUsers(actor))
      .executeTakeFirstOrThrow(),
    ctx.db.selectFrom('topic_follows').select('user_id').where('topic', '=', topic).where('user_id', '=', actor.id).executeTakeFirst(),
  ]);
  return { name: topic, postsCount: Number(posts.n), followersCount: Number(followers.n), isFollowing: mine !== undefined };
}

export async function setTopicFollow(ctx: AppContext, actor: Actor, name: string, on: boolean) {
  if (actor.kind === 'guest') throw forbidden('Guests follow topics in their groups only');
  const topic = name.toLowerCase();
  await writeTransaction(ctx, async (tx, emit) => {
    if (on) {
      await tx
        .insertInto('topic_follows')
        .values({ user_id: actor.id, topic, created_at: nowIso(ctx) })
        .onConflict((oc) => oc.columns(['user_id', 'topic']).doNothing())
        .execute();
    } else {
      await tx.deleteFrom('topic_follows').where('user_id', '=', actor.id).where('topic', '=', topic).execute();
    }
    emit({ type: 'feed.changed', data: { userId: actor.id }, audience: { kind: 'nobody' } });
  });
  return getTopic(ctx, actor, topic);
}
