import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildPost, buildUser, type TestUser } from '../factories.js';
import { createTestApp, type TestApp } from '../harness.js';

describe('reactions', () => {
  let t: TestApp;
  let ann: TestUser;
  let bob: TestUser;
  let cid: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    await buildOrg(t.ctx, t.app);
    ann = await buildUser(t.ctx, t.app);
    bob = await buildUser(t.ctx, t.app);
    cid = await buildUser(t.ctx, t.app);
  });
  afterAll(() => t.close());

  const storedReactions = async (postId: string) =>
    (await t.ctx.db.selectFrom('reactions').select(['user_id', 'kind']).where('post_id', '=', postId).orderBy('user_id').orderBy('kind').execute()).map(
      (r) => `${r.user_id}:${r.kind}`,
    );

  it('PUT like is idempotent and answers {reactions, myReactions}', async () => {
    const post = await buildPost(ann);
    for (let i = 0; i < 2; i++) {
      const res = await bob.api.put(`/posts/${post.id}/reactions/like`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ reactions: { like: 1 }, myReactions: ['like'] });
    }
    const other = await cid.api.put(`/posts/${post.id}/reactions/like`);
    expect(other.body).toEqual({ reactions: { like: 2 }, myReactions: ['like'] });
    expect(await storedReactions(post.id)).toHaveLength(2);
  });

  it('DELETE like is idempotent, also when there was none', async () => {
    const post = await buildPost(ann);
    await bob.api.put(`/posts/${post.id}/reactions/like`);
    await cid.api.put(`/posts/${post.id}/reactions/like`);
    for (let i = 0; i < 2; i++) {
      const res = await bob.api.delete(`/posts/${post.id}/reactions/like`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ reactions: { like: 1 }, myReactions: [] });
    }
    const none = await ann.api.delete(`/posts/${post.id}/reactions/like`);
    expect(none.status).toBe(200);
    expect(none.body).toEqual({ reactions: { like: 1 }, myReactions: [] });
    expect(await storedReactions(post.id)).toEqual([`${cid.id}:like`]);
  });

  it('accepts emoji short names like tada and +1, each counted on its own', async () => {
    const post = await buildPost(ann);
    expect((await bob.api.put(`/posts/${post.id}/reactions/tada`)).body).toEqual({ reactions: { tada: 1 }, myReactions: ['tada'] });
    const plus = await bob.api.put(`/posts/${post.id}/reactions/${encodeURIComponent('+1')}`);
    expect(plus.status).toBe(200);
    expect(plus.body.reactions).toEqual({ tada: 1, '+1': 1 });
    expect([...plus.body.myReactions].sort()).toEqual(['+1', 'tada']);
    const raw = await cid.api.put(`/posts/${post.id}/reactions/+1`);
    expect(raw.status).toBe(200);
    expect(raw.body).toEqual({ reactions: { tada: 1, '+1': 2 }, myReactions: ['+1'] });
    expect((await cid.api.put(`/posts/${post.id}/reactions/thumbs_up-2`)).status).toBe(200);
  });

  it.each([
    ['markup', encodeURIComponent('<x>')],
    ['40 characters', 'a'.repeat(40)],
    ['33 characters', 'a'.repeat(33)],
    ['upper case', 'LIKE'],
    ['a space', 'thumbs%20up'],
    ['a quote', encodeURIComponent("like'--")],
    ['unicode', encodeURIComponent('👍')],
    ['a dot', 'a.b'],
    // Kinds are keys of the `reactions` map: __proto__ would be counted in myReactions and vanish from reactions.
    ['__proto__', '__proto__'],
    ['a leading underscore', '_like'],
  ])('refuses an invalid kind (%s) with 400 and stores nothing', async (_name, kind) => {
    const post = await buildPost(ann);
    for (const method of ['put', 'delete'] as const) {
      const res = await bob.api[method](`/posts/${post.id}/reactions/${kind}`);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    expect(await storedReactions(post.id)).toEqual([]);
  });

  it('keeps kinds named like Object.prototype members as ordinary keys, counted consistently', async () => {
    const post = await buildPost(ann);
    const kinds = ['constructor', 'prototype', 'tostring', 'hasownproperty', 'man_technologist'];
    for (const kind of kinds) expect((await bob.api.put(`/posts/${post.id}/reactions/${kind}`)).status).toBe(200);
    await cid.api.put(`/posts/${post.id}/reactions/constructor`);
    const seen = (await bob.api.get(`/posts/${post.id}`)).body.post;
    expect(seen.reactions).toEqual({ constructor: 2, prototype: 1, tostring: 1, hasownproperty: 1, man_technologist: 1 });
    expect([...seen.myReactions].sort()).toEqual([...kinds].sort());
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('answers 404 on a post that does not exist', async () => {
    const res = await bob.api.put('/posts/01HZZZZZZZZZZZZZZZZZZZZZZZ/reactions/like');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('shows on the post, in the feed and on walls per viewer', async () => {
    const post = await buildPost(ann);
    await bob.api.put(`/posts/${post.id}/reactions/like`);
    await bob.api.put(`/posts/${post.id}/reactions/tada`);
    await cid.api.put(`/posts/${post.id}/reactions/like`);
    const as = async (u: TestUser) => (await u.api.get(`/posts/${post.id}`)).body.post;
    expect(await as(bob)).toMatchObject({ reactions: { like: 2, tada: 1 } });
    expect([...(await as(bob)).myReactions].sort()).toEqual(['like', 'tada']);
    expect(await as(cid)).toMatchObject({ reactions: { like: 2, tada: 1 }, myReactions: ['like'] });
    expect(await as(ann)).toMatchObject({ reactions: { like: 2, tada: 1 }, myReactions: [] });
    const inFeed = (await ann.api.get('/feed')).body.items.find((p: { id: string }) => p.id === post.id);
    expect(inFeed).toMatchObject({ reactions: { like: 2, tada: 1 }, myReactions: [] });
    const onWall = (await cid.api.get(`/users/${ann.id}/posts`)).body.items.find((p: { id: string }) => p.id === post.id);
    expect(onWall).toMatchObject({ reactions: { like: 2, tada: 1 }, myReactions: ['like'] });
    await cid.api.delete(`/posts/${post.id}/reactions/like`);
    expect(await as(ann)).toMatchObject({ reactions: { like: 1, tada: 1 } });
    await bob.api.delete(`/posts/${post.id}/reactions/like`);
    expect((await as(ann)).reactions).toEqual({ tada: 1 });
  });
});
