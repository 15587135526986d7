import { LIMITS } from '@atrium/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildPost, buildUser, type TestUser } from '../factories.js';
import { createTestApp, type TestApp } from '../harness.js';

const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((p) => p.id);

describe('topics', () => {
  let t: TestApp;
  let admin: TestUser;
  let ann: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await buildOrg(t.ctx, t.app);
    ann = await buildUser(t.ctx, t.app);
    bob = await buildUser(t.ctx, t.app);
  });
  afterAll(() => t.close());

  it('GET /topics/:name answers {topic: {name, postsCount, followersCount, isFollowing}}, also for an unused name', async () => {
    const empty = await ann.api.get('/topics/nothing-here');
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({ topic: { name: 'nothing-here', postsCount: 0, followersCount: 0, isFollowing: false } });

    await buildPost(ann, 'one #Roadmap');
    await buildPost(bob, 'two #roadmap #other');
    await buildPost(bob, 'not tagged: `#roadmap` roadmap');
    const res = await ann.api.get('/topics/roadmap');
    expect(res.body).toEqual({ topic: { name: 'roadmap', postsCount: 2, followersCount: 0, isFollowing: false } });
  });

  it('follow and unfollow are idempotent and counted per viewer', async () => {
    for (let i = 0; i < 2; i++) {
      const res = await ann.api.post('/topics/follow-me/follow');
      expect(res.status).toBe(200);
      expect(res.body.topic).toEqual({ name: 'follow-me', postsCount: 0, followersCount: 1, isFollowing: true });
    }
    expect((await bob.api.post('/topics/follow-me/follow')).body.topic).toMatchObject({ followersCount: 2, isFollowing: true });
    expect((await admin.api.get('/topics/follow-me')).body.topic).toMatchObject({ followersCount: 2, isFollowing: false });
    for (let i = 0; i < 2; i++) {
      const res = await ann.api.delete('/topics/follow-me/follow');
      expect(res.status).toBe(200);
      expect(res.body.topic).toEqual({ name: 'follow-me', postsCount: 0, followersCount: 1, isFollowing: false });
    }
    expect((await admin.api.delete('/topics/follow-me/follow')).body.topic).toMatchObject({ followersCount: 1, isFollowing: false });
    expect((await bob.api.get('/topics/follow-me')).body.topic.isFollowing).toBe(true);
  });

  it('GET /topics/:name/posts lists the tagged posts newest first, paged', async () => {
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await buildPost(i % 2 ? ann : bob, `update ${i} #paged`)).id);
    await buildPost(ann, 'untagged');
    await buildPost(ann, 'other #unpaged');
    const newestFirst = [...made].reverse();
    expect(ids(await bob.api.get('/topics/paged/posts'))).toEqual(newestFirst);
    const first = await bob.api.get('/topics/paged/posts?limit=2');
    expect(ids(first)).toEqual(newestFirst.slice(0, 2));
    const second = await bob.api.get(`/topics/paged/posts?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(ids(second)).toEqual(newestFirst.slice(2, 4));
    const third = await bob.api.get(`/topics/paged/posts?limit=2&cursor=${encodeURIComponent(second.body.nextCursor)}`);
    expect(ids(third)).toEqual(newestFirst.slice(4));
    expect(third.body.nextCursor).toBeNull();
  });

  it('is case-insensitive in the URL and in the text, and handles unicode names', async () => {
    const a = await buildPost(ann, '#Café time');
    const b = await buildPost(bob, 'more #CAFÉ');
    for (const name of ['café', 'Café', 'CAFÉ']) {
      const topic = await ann.api.get(`/topics/${encodeURIComponent(name)}`);
      expect(topic.status).toBe(200);
      expect(topic.body.topic).toMatchObject({ name: 'café', postsCount: 2 });
      expect(ids(await ann.api.get(`/topics/${encodeURIComponent(name)}/posts`))).toEqual([b.id, a.id]);
    }
    const followed = await ann.api.post(`/topics/${encodeURIComponent('CaFé')}/follow`);
    expect(followed.body.topic).toMatchObject({ name: 'café', isFollowing: true, followersCount: 1 });
    expect((await ann.api.get(`/topics/${encodeURIComponent('café')}`)).body.topic.isFollowing).toBe(true);
  });

  it('counts a post once it is edited into a topic, and no more once edited out or deleted', async () => {
    const post = await buildPost(ann, 'plain');
    expect((await ann.api.get('/topics/later/posts')).body.items).toEqual([]);
    await ann.api.patch(`/posts/${post.id}`, { body: 'now #later' });
    expect(ids(await bob.api.get('/topics/later/posts'))).toEqual([post.id]);
    expect((await bob.api.get('/topics/later')).body.topic.postsCount).toBe(1);
    await ann.api.patch(`/posts/${post.id}`, { body: 'not anymore' });
    expect((await bob.api.get('/topics/later')).body.topic.postsCount).toBe(0);
    await ann.api.patch(`/posts/${post.id}`, { body: 'again #later' });
    await ann.api.delete(`/posts/${post.id}`);
    expect((await bob.api.get('/topics/later')).body.topic.postsCount).toBe(0);
    expect((await bob.api.get('/topics/later/posts')).body.items).toEqual([]);
  });

  it.each([
    ['a space', 'a%20b'],
    ['a dot', 'a.b'],
    ['markup', encodeURIComponent('<x>')],
    ['a quote', encodeURIComponent("x' OR 1=1 --")],
    ['a hash', encodeURIComponent('#x')],
    [`${LIMITS.topic + 1} characters`, 'a'.repeat(LIMITS.topic + 1)],
    ['an emoji', encodeURIComponent('🚀')],
  ])('refuses an invalid name (%s) with 400 on every topic route', async (_name, name) => {
    for (const [method, url] of [
      ['get', `/topics/${name}`],
      ['get', `/topics/${name}/posts`],
      ['post', `/topics/${name}/follow`],
      ['delete', `/topics/${name}/follow`],
    ] as const) {
      const res = await ann.api[method](url);
      expect(res.status, `${method} ${url}`).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    expect((await t.ctx.db.selectFrom('topic_follows').select('topic').where('user_id', '=', ann.id).execute()).map((r) => r.topic)).not.toContain(
      decodeURIComponent(name).toLowerCase(),
    );
  });

  it(`accepts a name of ${LIMITS.topic} characters`, async () => {
    const name = 'b'.repeat(LIMITS.topic);
    const post = await buildPost(ann, `#${name}`);
    expect(post.topics).toEqual([name]);
    expect((await ann.api.get(`/topics/${name}`)).body.topic.postsCount).toBe(1);
  });
});
