import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildPost, buildUser, deactivate, follow, type TestUser } from '../factories.js';
import { type Client, createTestApp, type TestApp } from '../harness.js';

type Item = { id: string; createdAt: string };
const ids = (res: { body: { items: Item[] } }) => res.body.items.map((p) => p.id);

/** Walk a paged list to its end; `between` runs after each page (to change the data meanwhile). */
async function walk(api: Client, url: string, limit: number, between?: (page: number) => Promise<void>) {
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = url.includes('?') ? '&' : '?';
    const res = await api.get(`${url}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(limit);
    seen.push(...ids(res));
    cursor = res.body.nextCursor;
    pages++;
    if (between) await between(pages);
  } while (cursor && pages < 50);
  return { seen, pages };
}

describe('feed', () => {
  let t: TestApp;
  let admin: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await buildOrg(t.ctx, t.app);
  });
  afterAll(() => t.close());

  it('holds own posts, followed people\'s, posts on my wall, mentioning me and in followed topics — not the rest', async () => {
    const me = await buildUser(t.ctx, t.app);
    const friend = await buildUser(t.ctx, t.app);
    const stranger = await buildUser(t.ctx, t.app);
    await follow(me, friend);
    expect((await me.api.post('/topics/gardening/follow')).status).toBe(200);

    const mine = await buildPost(me, 'my own');
    const byFriend = await buildPost(friend, 'from a friend');
    const onMyWall = await buildPost(stranger, 'on your wall', { wallUserId: me.id });
    const mentioning = await buildPost(stranger, `hey @${me.handle}`);
    const inTopic = await buildPost(stranger, 'tomatoes #Gardening');
    const friendOnOtherWall = await buildPost(friend, 'on the stranger\'s wall', { wallUserId: stranger.id });

    const unrelated = await buildPost(stranger, 'nothing to do with you');
    const mentionInCode = await buildPost(stranger, `\`@${me.handle}\``);
    const otherTopic = await buildPost(stranger, '#cooking');
    const strangerOnOtherWall = await buildPost(stranger, 'to the admin', { wallUserId: admin.id });
    const byAdmin = await buildPost(admin, 'company news');

    const feed = await me.api.get('/feed');
    expect(feed.status).toBe(200);
    expect(ids(feed)).toEqual([friendOnOtherWall.id, inTopic.id, mentioning.id, onMyWall.id, byFriend.id, mine.id]);
    for (const p of [unrelated, mentionInCode, otherTopic, strangerOnOtherWall, byAdmin]) expect(ids(feed)).not.toContain(p.id);
    expect(feed.body.nextCursor).toBeNull();
  });

  it('is newest first', async () => {
    const me = await buildUser(t.ctx, t.app);
    for (let i = 0; i < 6; i++) await buildPost(me, `post ${i}`);
    const items: Item[] = (await me.api.get('/feed')).body.items;
    expect(items.map((p) => (p as Item & { body: string }).body)).toEqual(['post 5', 'post 4', 'post 3', 'post 2', 'post 1', 'post 0']);
    const times = items.map((p) => p.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('drops someone\'s posts after unfollowing him, and brings them back after following again', async () => {
    const me = await buildUser(t.ctx, t.app);
    const other = await buildUser(t.ctx, t.app);
    const post = await buildPost(other, 'hello followers');
    expect(ids(await me.api.get('/feed'))).not.toContain(post.id);
    await follow(me, other);
    expect(ids(await me.api.get('/feed'))).toEqual([post.id]);
    expect((await me.api.delete(`/users/${other.id}/follow`)).status).toBe(200);
    expect(ids(await me.api.get('/feed'))).toEqual([]);
    // A topic unfollowed: gone as well.
    await me.api.post('/topics/ephemeral/follow');
    const tagged = await buildPost(other, '#ephemeral');
    expect(ids(await me.api.get('/feed'))).toEqual([tagged.id]);
    await me.api.delete('/topics/ephemeral/follow');
    expect(ids(await me.api.get('/feed'))).toEqual([]);
  });

  it('pages with limit=3 over 10 posts: everything once, in order, no gaps', async () => {
    const me = await buildUser(t.ctx, t.app);
    const a = await buildUser(t.ctx, t.app);
    const b = await buildUser(t.ctx, t.app);
    await follow(me, a);
    const made: string[] = [];
    // Mixed sources, so the OR of the feed's rules is paged, not a single author's list.
    for (let i = 0; i < 10; i++) {
      const post =
        i % 3 === 0 ? await buildPost(me, `own ${i}`) : i % 3 === 1 ? await buildPost(a, `followed ${i}`) : await buildPost(b, `@${me.handle} ${i}`);
      made.push(post.id);
    }
    const { seen, pages } = await walk(me.api, '/feed', 3);
    expect(seen).toEqual([...made].reverse());
    expect(pages).toBe(4);
  });

  it('pages without duplicates or gaps while new posts arrive between pages', async () => {
    const me = await buildUser(t.ctx, t.app);
    const a = await buildUser(t.ctx, t.app);
    await follow(me, a);
    const made: string[] = [];
    for (let i = 0; i < 10; i++) made.push((await buildPost(i % 2 ? a : me, `before ${i}`)).id);
    const late: string[] = [];
    const { seen } = await walk(me.api, '/feed', 3, async () => {
      late.push((await buildPost(a, 'arrived meanwhile')).id);
    });
    // The walk started before the newcomers: it shows exactly the posts it started with.
    expect(seen).toEqual([...made].reverse());
    expect(new Set(seen).size).toBe(seen.length);
    // A fresh first page shows the newcomers on top.
    expect(ids(await me.api.get('/feed?limit=4'))).toEqual([...late].reverse());
  });

  it.each([
    ['/feed'],
    ['/users/:me/posts'],
    ['/topics/anything/posts'],
    ['/posts/:post/comments'],
    ['/users'],
    ['/users/:me/followers'],
    ['/users/:me/following'],
  ])('refuses crafted cursors on %s with 400, never 500', async (template) => {
    const me = await buildUser(t.ctx, t.app);
    const post = await buildPost(me);
    const url = template.replace(':me', me.id).replace(':post', post.id);
    const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
    const crafted = [
      'garbage!!',
      '%%%',
      b64('not json'),
      b64({ a: 1 }),
      b64(null),
      b64(42),
      b64([]),
      b64([1]),
      b64([{ $ne: null }]),
      b64(['a', 'b', 'c']),
      b64(['x'.repeat(101)]),
      b64(['x'.repeat(101), 'y']),
      'A'.repeat(10_000),
      b64(['\u0000']).repeat(40),
      // Well-formed but holding NUL, which PostgreSQL's text type refuses (was a 500 there).
      b64(['\u0000']),
      b64(['a\u0000', 'b\u0000']),
    ];
    for (const cursor of crafted) {
      const res = await me.api.get(`${url}?cursor=${encodeURIComponent(cursor)}`);
      expect(res.status, `${url} cursor=${cursor.slice(0, 40)}`).toBe(400);
      expect(res.body.error.code).toMatch(/^(bad_request|validation_failed)$/);
      expect(typeof res.body.error.message).toBe('string');
    }
    // A cursor is a position, nothing more: a well-formed one for any id answers 200.
    const fine = await me.api.get(`${url}?cursor=${encodeURIComponent(b64(url === '/users' || url.includes('follow') ? ['~', '~'] : ["' OR 1=1 --"]))}`);
    expect(fine.status).toBe(200);
  });

  it.each(['0', '101', '-1', 'abc', '1.5', '1e9'])('refuses limit=%s with 400', async (limit) => {
    const me = await buildUser(t.ctx, t.app);
    const res = await me.api.get(`/feed?limit=${limit}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
  });

  describe('walls: GET /users/:id/posts', () => {
    it('holds posts by him and on his wall, newest first, and nothing else', async () => {
      const owner = await buildUser(t.ctx, t.app);
      const visitor = await buildUser(t.ctx, t.app);
      const own = await buildPost(owner, 'mine');
      const onHisWall = await buildPost(visitor, 'for you', { wallUserId: owner.id });
      const hisOnOtherWall = await buildPost(owner, 'for the visitor', { wallUserId: visitor.id });
      const unrelated = await buildPost(visitor, 'elsewhere');
      const mentioning = await buildPost(visitor, `@${owner.handle} mentioned only`);
      const wall = await visitor.api.get(`/users/${owner.id}/posts`);
      expect(wall.status).toBe(200);
      expect(ids(wall)).toEqual([hisOnOtherWall.id, onHisWall.id, own.id]);
      expect(ids(wall)).not.toContain(unrelated.id);
      expect(ids(wall)).not.toContain(mentioning.id);
      expect(ids(await visitor.api.get(`/users/${visitor.id}/posts`))).toEqual([mentioning.id, unrelated.id, hisOnOtherWall.id, onHisWall.id]);
      const { seen } = await walk(admin.api, `/users/${owner.id}/posts`, 2);
      expect(seen).toEqual([hisOnOtherWall.id, onHisWall.id, own.id]);
    });

    it('answers 404 for an unknown person and for a deactivated one (to members)', async () => {
      const viewer = await buildUser(t.ctx, t.app);
      const gone = await buildUser(t.ctx, t.app);
      await buildPost(gone, 'last words');
      await deactivate(admin, gone);
      const answers = [];
      for (const id of [gone.id, '01HZZZZZZZZZZZZZZZZZZZZZZZ']) {
        const res = await viewer.api.get(`/users/${id}/posts`);
        expect(res.status).toBe(404);
        expect(res.body.error.code).toBe('not_found');
        answers.push(res.body);
      }
      // Existence is not leaked: the hidden and the missing answer alike (SECURITY.md #8).
      expect(answers[0]).toEqual(answers[1]);
      expect((await admin.api.get(`/users/${gone.id}/posts`)).status).toBe(200);
    });
  });
});
