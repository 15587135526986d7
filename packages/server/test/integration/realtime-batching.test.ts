import { afterEach, describe, expect, it } from 'vitest';
import { buildOrg, buildPost, buildUser, type TestUser } from '../factories.js';
import { createTestApp, type TestApp } from '../harness.js';
import { openStream, type Stream } from '../stream-client.js';

/**
 * Feed batching (STREAM_FEED_BATCH_MS, docs/realtime.md): events about posts wait for the next feed
 * batch and reach a socket together; anything that goes out at once takes them along first, so a
 * socket still receives every event once and in seq order.
 */

let t: TestApp | null = null;
const streams: Stream[] = [];
afterEach(async () => {
  await Promise.all(streams.splice(0).map((s) => s.close()));
  await t?.close();
  t = null;
});

async function company(batchMs: number) {
  t = await createTestApp({ STREAM_FEED_BATCH_MS: String(batchMs) });
  const base = await t.listen();
  await buildOrg(t.ctx, t.app);
  const [alice, bob] = [await buildUser(t.ctx, t.app), await buildUser(t.ctx, t.app)];
  const watch = async (who: TestUser) => {
    const s = await openStream(base, { token: who.token });
    streams.push(s);
    return s;
  };
  return { t, alice, bob, watch };
}

const ids = (s: Stream) => s.events.map((f) => Number(f.id));

describe('feed batching', () => {
  it('posts wait for the batch; a message takes them along, before it and in order', async () => {
    const { t, alice, bob, watch } = await company(3_600_000); // no batch falls due during the test
    const conv = (await alice.api.post('/conversations', { memberIds: [bob.id] })).body.conversation.id;
    const b = await watch(bob);
    const posts = [await buildPost(alice, 'one'), await buildPost(alice, 'two'), await buildPost(alice, 'three')];
    await t.ctx.hub.wake();
    // A signal is sent at once and does not wait: it arrives while the posts still wait.
    const a = await watch(alice);
    a.send({ type: 'typing', conversationId: conv });
    await b.waitType('typing', (d) => d.conversationId === conv);
    expect(b.has('post.created')).toBe(false);

    const sent = await alice.api.post(`/conversations/${conv}/messages`, { body: 'look at my posts' });
    expect(sent.status).toBe(201);
    await b.waitType('message.created', (d) => d.message.id === sent.body.message.id);
    expect(b.events.map((f) => f.type)).toEqual(['post.created', 'post.created', 'post.created', 'message.created']);
    expect(b.events.slice(0, 3).map((f) => f.data.post.id)).toEqual(posts.map((p) => p.id));
    const seen = ids(b);
    expect(seen).toEqual([...seen].sort((x, y) => x - y));
  });

  it('a presence answer comes after every event judged before it', async () => {
    const { t, alice, bob, watch } = await company(3_600_000);
    const b = await watch(bob);
    const post = await buildPost(alice, 'before the barrier');
    await t.ctx.hub.wake();
    b.send({ type: 'presence.subscribe', userIds: [alice.id] });
    await b.waitType('presence', (d) => d.userId === alice.id);
    const at = (type: string) => b.frames.findIndex((f) => f.type === type);
    expect(b.events.map((f) => f.data.post?.id)).toEqual([post.id]);
    expect(at('post.created')).toBeLessThan(at('presence'));
  });

  it('without anything urgent, the batch delivers by itself', async () => {
    const { alice, bob, watch } = await company(100);
    const b = await watch(bob);
    const post = await buildPost(alice, 'on its own');
    await b.waitType('post.created', (d) => d.post.id === post.id, 3000);
    const liked = await bob.api.put(`/posts/${post.id}/reactions/like`);
    expect(liked.status).toBe(200);
    await b.waitType('reaction.changed', (d) => d.postId === post.id && d.reactions.like === 1, 3000);
  });

  it('0 sends every event at once', async () => {
    const { t, alice, bob, watch } = await company(0);
    const b = await watch(bob);
    const post = await buildPost(alice, 'at once');
    await t.ctx.hub.wake();
    // No batch timer exists: the event can only have been sent by the delivery itself.
    await b.waitType('post.created', (d) => d.post.id === post.id, 3000);
  });
});
