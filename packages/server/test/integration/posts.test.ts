import { LIMITS } from '@atrium/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildComment, buildOrg, buildPost, buildUser, deactivate, type TestUser } from '../factories.js';
import { createTestApp, type TestApp } from '../harness.js';

const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((p) => p.id);

/** Every `href` of a real element in a rendered body. */
const hrefs = (html: string) => [...html.matchAll(/<a\b[^>]*?\shref="([^"]*)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));

describe('posts', () => {
  let t: TestApp;
  let admin: TestUser;
  let ann: TestUser;
  let bob: TestUser;
  let cid: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await buildOrg(t.ctx, t.app);
    ann = await buildUser(t.ctx, t.app, { name: 'Ann Author', title: 'Engineer', department: 'R&D' });
    bob = await buildUser(t.ctx, t.app, { name: 'Bob Builder' });
    cid = await buildUser(t.ctx, t.app, { name: 'Cid Colleague' });
  });
  afterAll(() => t.close());

  describe('POST /posts and GET /posts/:id', () => {
    it('answers a new post exactly as GET reads it back: company, wall, group, announcement, many mentions and topics', async () => {
      const group = (await ann.api.post('/groups', { name: `Echo ${Date.now()}`, visibility: 'private' })).body.group;
      const bodies = [
        { body: `One @${cid.handle} @${bob.handle} #Zeta #alpha #Mid` },
        { body: `On the wall @${bob.handle}`, wallUserId: bob.id },
        { body: 'In the group #g', groupId: group.id },
        { body: 'Group news', groupId: group.id, announcement: true },
      ];
      for (const input of bodies) {
        const made = await ann.api.post('/posts', input);
        expect(made.status).toBe(201);
        expect((await ann.api.get(`/posts/${made.body.post.id}`)).body.post).toEqual(made.body.post);
      }
      const byAdmin = await admin.api.post('/posts', { body: 'admin news', announcement: true });
      expect((await admin.api.get(`/posts/${byAdmin.body.post.id}`)).body.post).toEqual(byAdmin.body.post);
    });

    it('answers 201 {post} with every field of the contract, and GET returns the same post', async () => {
      const res = await ann.api.post('/posts', { body: `Hello **world** @${bob.handle} #Kickoff` });
      expect(res.status).toBe(201);
      const post = res.body.post;
      expect(Object.keys(res.body)).toEqual(['post']);
      expect(post).toMatchObject({
        author: { id: ann.id, name: 'Ann Author', handle: ann.handle, avatarUrl: null },
        body: `Hello **world** @${bob.handle} #Kickoff`,
        groupId: null,
        wallUserId: null,
        editedAt: null,
        commentsCount: 0,
        reactions: {},
        myReactions: [],
        mentions: [bob.id],
        topics: ['kickoff'],
      });
      expect(post.id).toMatch(/^[0-9A-Za-z_-]+$/);
      expect(post.html).toContain('<strong>world</strong>');
      expect(post.html).toContain(`<a href="/people/${bob.id}" class="mention"`);
      expect(post.html).toContain('<a href="/topics/kickoff" class="topic">#Kickoff</a>');
      expect(new Date(post.createdAt).toISOString()).toBe(post.createdAt);
      expect(Date.now() - Date.parse(post.createdAt)).toBeLessThan(60_000);
      for (const key of ['id', 'author', 'body', 'html', 'groupId', 'wallUserId', 'createdAt', 'editedAt', 'commentsCount', 'reactions', 'myReactions', 'mentions', 'topics']) {
        expect(post).toHaveProperty(key);
      }

      const got = await bob.api.get(`/posts/${post.id}`);
      expect(got.status).toBe(200);
      expect(got.body.post).toEqual({ ...post, canEdit: false, canDelete: false });
      expect((await ann.api.get(`/posts/${post.id}`)).body.post).toEqual(post);
    });

    it('answers 404 not_found for a post that does not exist', async () => {
      const res = await ann.api.get('/posts/01HZZZZZZZZZZZZZZZZZZZZZZZ');
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    });

    it('puts a post on a colleague\'s wall: it shows on his wall and in his feed, not in a stranger\'s feed', async () => {
      const dora = await buildUser(t.ctx, t.app);
      const res = await ann.api.post('/posts', { body: 'Happy birthday!', wallUserId: dora.id });
      expect(res.status).toBe(201);
      expect(res.body.post.wallUserId).toBe(dora.id);
      expect(res.body.post.wallUser).toMatchObject({ id: dora.id, handle: dora.handle });
      expect(ids(await dora.api.get(`/users/${dora.id}/posts`))).toContain(res.body.post.id);
      expect(ids(await cid.api.get(`/users/${dora.id}/posts`))).toContain(res.body.post.id);
      expect(ids(await dora.api.get('/feed'))).toContain(res.body.post.id);
      expect(ids(await cid.api.get('/feed'))).not.toContain(res.body.post.id);
    });

    it('answers 404 for the wall of an unknown or a deactivated person, even to an admin, and stores nothing', async () => {
      const gone = await buildUser(t.ctx, t.app);
      await deactivate(admin, gone);
      const before = await t.ctx.db.selectFrom('posts').select('id').execute();
      for (const who of [ann, admin]) {
        for (const wallUserId of [gone.id, '01HZZZZZZZZZZZZZZZZZZZZZZZ']) {
          const res = await who.api.post('/posts', { body: 'hello?', wallUserId });
          expect(res.status).toBe(404);
          expect(res.body.error.code).toBe('not_found');
        }
      }
      expect(await t.ctx.db.selectFrom('posts').select('id').execute()).toEqual(before);
    });

    it('answers 404 for a groupId while no group exists', async () => {
      const res = await ann.api.post('/posts', { body: 'to the group', groupId: '01HZZZZZZZZZZZZZZZZZZZZZZZ' });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    });

    it('refuses derived or privileged fields in the body (strict schema)', async () => {
      const extras: Record<string, unknown>[] = [
        { html: '<script>alert(1)</script>' },
        { author: { id: bob.id } },
        { authorId: bob.id },
        { createdAt: '2000-01-01T00:00:00.000Z' },
        { editedAt: '2000-01-01T00:00:00.000Z' },
        { mentions: [bob.id] },
        { topics: ['injected'] },
        { id: '01HZZZZZZZZZZZZZZZZZZZZZZZ' },
        { commentsCount: 99 },
        { reactions: { like: 99 } },
      ];
      const before = await t.ctx.db.selectFrom('posts').select('id').execute();
      for (const extra of extras) {
        const res = await ann.api.post('/posts', { body: 'legit', ...extra });
        expect(res.status, JSON.stringify(extra)).toBe(400);
        expect(res.body.error.code).toBe('validation_failed');
      }
      expect(await t.ctx.db.selectFrom('posts').select('id').execute()).toEqual(before);
    });

    it(`accepts a body of ${LIMITS.textBody} characters and refuses ${LIMITS.textBody + 1}`, async () => {
      const ok = await ann.api.post('/posts', { body: 'a'.repeat(LIMITS.textBody) });
      expect(ok.status).toBe(201);
      expect(ok.body.post.body).toHaveLength(LIMITS.textBody);
      const tooLong = await ann.api.post('/posts', { body: 'a'.repeat(LIMITS.textBody + 1) });
      expect(tooLong.status).toBe(400);
      expect(tooLong.body.error.code).toBe('validation_failed');
      expect(tooLong.body.error.details).toHaveProperty('body');
    });

    it.each([
      ['empty', ''],
      ['spaces', '   '],
      ['whitespace', ' \n\t \r\n '],
    ])('refuses an %s body with 400 validation_failed', async (_name, body) => {
      const res = await ann.api.post('/posts', { body });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details).toHaveProperty('body');
    });

    it('refuses a missing body and anonymous callers', async () => {
      expect((await ann.api.post('/posts', {})).status).toBe(400);
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/posts', payload: { body: 'hi' } });
      expect(res.statusCode).toBe(401);
      expect(JSON.parse(res.body).error.code).toBe('unauthenticated');
    });
  });

  describe('PATCH /posts/:id', () => {
    it('lets the author edit: editedAt set, html re-rendered, mentions and topics recomputed', async () => {
      const post = await buildPost(ann, `first @${bob.handle} #alpha`);
      const res = await ann.api.patch(`/posts/${post.id}`, { body: `second @${cid.handle} #Beta` });
      expect(res.status).toBe(200);
      const edited = res.body.post;
      expect(edited.id).toBe(post.id);
      expect(edited.body).toBe(`second @${cid.handle} #Beta`);
      expect(edited.editedAt).toEqual(expect.any(String));
      expect(Date.parse(edited.editedAt)).toBeGreaterThanOrEqual(Date.parse(edited.createdAt));
      expect(edited.createdAt).toBe(post.createdAt);
      expect(edited.mentions).toEqual([cid.id]);
      expect(edited.topics).toEqual(['beta']);
      expect(edited.html).toContain(`/people/${cid.id}`);
      expect(edited.html).not.toContain(`/people/${bob.id}`);
      expect(edited.html).toContain('/topics/beta');
      expect(edited.html).not.toContain('alpha');
      // Stored, not only answered.
      expect((await bob.api.get(`/posts/${post.id}`)).body.post).toMatchObject({
        body: edited.body,
        html: edited.html,
        editedAt: edited.editedAt,
        mentions: [cid.id],
        topics: ['beta'],
      });
      expect(ids(await bob.api.get('/topics/alpha/posts'))).not.toContain(post.id);
      expect(ids(await bob.api.get('/topics/beta/posts'))).toContain(post.id);
      // The mention moved: Cid's feed has it, Bob's (who follows nobody) no longer.
      expect(ids(await cid.api.get('/feed'))).toContain(post.id);
      expect(ids(await bob.api.get('/feed'))).not.toContain(post.id);
    });

    it('lets an admin edit someone else\'s post', async () => {
      const post = await buildPost(ann, 'typo here');
      const res = await admin.api.patch(`/posts/${post.id}`, { body: 'typo fixed' });
      expect(res.status).toBe(200);
      expect(res.body.post).toMatchObject({ body: 'typo fixed', author: { id: ann.id } });
      expect(res.body.post.editedAt).not.toBeNull();
    });

    it('refuses another member with 403 and changes nothing', async () => {
      const post = await buildPost(ann, 'mine');
      const res = await bob.api.patch(`/posts/${post.id}`, { body: 'hijacked' });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
      expect((await ann.api.get(`/posts/${post.id}`)).body.post).toMatchObject({ body: 'mine', editedAt: null });
    });

    it('refuses derived fields and bad bodies on edit', async () => {
      const post = await buildPost(ann, 'original');
      for (const payload of [
        { body: 'x', html: '<b>x</b>' },
        { body: 'x', mentions: [bob.id] },
        { body: 'x', topics: ['t'] },
        { body: 'x', editedAt: null },
        { body: 'x', wallUserId: bob.id },
        { body: '  ' },
        { body: 'a'.repeat(LIMITS.textBody + 1) },
        {},
      ]) {
        const res = await ann.api.patch(`/posts/${post.id}`, payload);
        expect(res.status, JSON.stringify(payload).slice(0, 60)).toBe(400);
        expect(res.body.error.code).toBe('validation_failed');
      }
      expect((await ann.api.get(`/posts/${post.id}`)).body.post).toMatchObject({ body: 'original', editedAt: null });
    });

    it('answers 404 for a post that does not exist', async () => {
      expect((await admin.api.patch('/posts/01HZZZZZZZZZZZZZZZZZZZZZZZ', { body: 'x' })).status).toBe(404);
    });
  });

  describe('DELETE /posts/:id', () => {
    async function postWithThings(author: TestUser) {
      const post = await buildPost(author, `doomed @${cid.handle} #doomed`);
      await buildComment(bob, post.id);
      await buildComment(cid, post.id);
      expect((await bob.api.put(`/posts/${post.id}/reactions/like`)).status).toBe(200);
      expect((await cid.api.put(`/posts/${post.id}/reactions/tada`)).status).toBe(200);
      return post;
    }
    const leftovers = async (postId: string) => ({
      comments: (await t.ctx.db.selectFrom('comments').select('id').where('post_id', '=', postId).execute()).length,
      reactions: (await t.ctx.db.selectFrom('reactions').select('kind').where('post_id', '=', postId).execute()).length,
      mentions: (await t.ctx.db.selectFrom('post_mentions').select('user_id').where('post_id', '=', postId).execute()).length,
      topics: (await t.ctx.db.selectFrom('post_topics').select('topic').where('post_id', '=', postId).execute()).length,
    });

    it.each([
      ['its author', () => ann],
      ['an admin', () => admin],
    ])('lets %s delete: 204, then 404, with its comments and reactions gone', async (_who, actor) => {
      const post = await postWithThings(ann);
      expect(await leftovers(post.id)).toEqual({ comments: 2, reactions: 2, mentions: 1, topics: 1 });
      const res = await actor().api.delete(`/posts/${post.id}`);
      expect(res.status).toBe(204);
      expect(res.body).toBe('');
      expect((await ann.api.get(`/posts/${post.id}`)).status).toBe(404);
      expect((await bob.api.get(`/posts/${post.id}/comments`)).status).toBe(404);
      expect((await actor().api.delete(`/posts/${post.id}`)).status).toBe(404);
      expect(await leftovers(post.id)).toEqual({ comments: 0, reactions: 0, mentions: 0, topics: 0 });
      expect(ids(await ann.api.get('/feed'))).not.toContain(post.id);
      expect(ids(await ann.api.get('/topics/doomed/posts'))).not.toContain(post.id);
    });

    it('refuses another member with 403 and keeps the post with its comments and reactions', async () => {
      const post = await postWithThings(ann);
      const res = await bob.api.delete(`/posts/${post.id}`);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
      expect((await ann.api.get(`/posts/${post.id}`)).status).toBe(200);
      expect(await leftovers(post.id)).toEqual({ comments: 2, reactions: 2, mentions: 1, topics: 1 });
    });
  });

  describe('Markdown and XSS through the API', () => {
    it.each([
      ['javascript:', '[x](javascript:alert(1))'],
      ['JaVaScRiPt:', '[x](JaVaScRiPt:alert(1))'],
      ['&#106;avascript:', '[x](&#106;avascript:alert(1))'],
      ['vbscript:', '[x](vbscript:msgbox(1))'],
      ['data:', '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
      ['protocol-relative', '[x](//evil.com) and //evil.com'],
    ])('a %s link produces no dangerous href, in posts and in comments', async (_name, body) => {
      const post = await buildPost(ann, body);
      for (const href of hrefs(post.html)) expect(href).toMatch(/^(https?:\/\/|mailto:|\/(?!\/))/);
      expect(post.html).not.toMatch(/href="(javascript|vbscript|data|\/\/)/i);
      const comment = await buildComment(bob, post.id, body);
      expect(comment.html).not.toMatch(/href="(javascript|vbscript|data|\/\/)/i);
      expect(hrefs(comment.html)).toEqual(hrefs(post.html));
    });

    it('shows raw HTML as escaped text', async () => {
      const body = '<script>alert(1)</script> <img src=x onerror=alert(1)> <iframe src="/x"></iframe> <svg onload=alert(1)>';
      const post = await buildPost(ann, body);
      expect(post.html).not.toMatch(/<(script|img|iframe|svg)\b/i);
      expect(post.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(post.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(post.html).toContain('&lt;svg onload=alert(1)&gt;');
      expect(post.body).toBe(body);
    });

    it('links http(s), mailto and in-app paths; external ones with rel="nofollow noopener noreferrer"; no images', async () => {
      const post = await buildPost(ann, '[site](https://example.com) [mail](mailto:a@example.com) [me](/people/x) ![pic](https://example.com/p.png)');
      expect(hrefs(post.html)).toEqual(['https://example.com', 'mailto:a@example.com', '/people/x', 'https://example.com/p.png']);
      expect(post.html).toMatch(/<a href="https:\/\/example.com"[^>]*rel="nofollow noopener noreferrer"/);
      expect(post.html).not.toMatch(/<img\b/i);
    });

    it('links mentions of active people only, never inside code or links; the html carries the handle, never the name', async () => {
      const eve = await buildUser(t.ctx, t.app, { name: '<img src=x onerror=alert(1)>', handle: 'eve_markup' });
      const gone = await buildUser(t.ctx, t.app, { handle: 'gone_user' });
      await deactivate(admin, gone);
      const post = await buildPost(ann, 'hi @Eve_Markup, @gone_user, @nobody_here, `@eve_markup` and [@eve_markup](https://example.com)');
      expect(post.mentions).toEqual([eve.id]);
      expect(post.html).toContain(`<a href="/people/${eve.id}" class="mention" data-user-id="${eve.id}">@Eve_Markup</a>`);
      expect(post.html.match(/class="mention"/g)).toHaveLength(1);
      expect(post.html).toContain('@gone_user');
      expect(post.html).toContain('@nobody_here');
      expect(post.html).toContain('<code>@eve_markup</code>');
      expect(post.html).not.toMatch(/<img\b/i);
      expect(post.html).not.toContain('onerror');
      // JSON carries the name verbatim; it is the client's job to encode it as text.
      const profile = await ann.api.get(`/users/${eve.id}`);
      expect(profile.body.user.name).toBe('<img src=x onerror=alert(1)>');
      // Eve, mentioned, gets it in her feed; gone_user is not mentioned at all.
      expect(ids(await eve.api.get('/feed'))).toContain(post.id);
    });

    it('tags topics lower-cased and in unicode, never inside code, URLs or entities', async () => {
      const post = await buildPost(ann, '#Release and #Über and `#code` https://example.com/#frag &#123; &#xyz; and #release again');
      expect(post.topics).toEqual(['release', 'über']);
      expect(post.html).toContain(`href="/topics/${encodeURIComponent('über')}"`);
      expect((await ann.api.get(`/topics/${encodeURIComponent('ÜBER')}`)).body.topic).toMatchObject({ name: 'über', postsCount: 1 });
    });
  });

  describe('rate limit', () => {
    it('limits writes per person: the 4th write in a minute is 429 with Retry-After; others still write', async () => {
      const limited = await createTestApp({ WRITE_LIMIT_PER_MINUTE: '3' });
      try {
        const boss = await buildOrg(limited.ctx, limited.app);
        const x = await buildUser(limited.ctx, limited.app);
        const y = await buildUser(limited.ctx, limited.app);
        for (let i = 0; i < 3; i++) expect((await x.api.post('/posts', { body: `post ${i}` })).status).toBe(201);
        const fourth = await x.api.post('/posts', { body: 'one too many' });
        expect(fourth.status).toBe(429);
        expect(fourth.body.error.code).toBe('rate_limited');
        const retryAfter = Number(fourth.headers['retry-after']);
        expect(Number.isInteger(retryAfter)).toBe(true);
        expect(retryAfter).toBeGreaterThanOrEqual(1);
        expect(retryAfter).toBeLessThanOrEqual(60);
        expect((await limited.ctx.db.selectFrom('posts').select('id').where('author_id', '=', x.id).execute()).length).toBe(3);
        // Comments are writes too, counted in the same budget.
        const yPost = (await y.api.post('/posts', { body: 'y' })).body.post;
        expect((await x.api.post(`/posts/${yPost.id}/comments`, { body: 'c' })).status).toBe(429);
        // Per person: others are not affected, and reads are never limited.
        expect((await y.api.post('/posts', { body: 'still fine' })).status).toBe(201);
        expect((await boss.api.post('/posts', { body: 'me too' })).status).toBe(201);
        for (let i = 0; i < 5; i++) expect((await x.api.get('/feed')).status).toBe(200);
      } finally {
        await limited.close();
      }
    });
  });
});
