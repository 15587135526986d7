import { LIMITS } from '@atrium/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildComment, buildOrg, buildPost, buildUser, type TestUser } from '../factories.js';
import { createTestApp, type TestApp } from '../harness.js';

const MISSING = '01HZZZZZZZZZZZZZZZZZZZZZZZ';

describe('comments', () => {
  let t: TestApp;
  let admin: TestUser;
  let ann: TestUser; // writes the posts
  let bob: TestUser; // comments
  let cid: TestUser; // a bystander

  beforeAll(async () => {
    t = await createTestApp();
    admin = await buildOrg(t.ctx, t.app);
    ann = await buildUser(t.ctx, t.app);
    bob = await buildUser(t.ctx, t.app, { name: 'Bob Commenter' });
    cid = await buildUser(t.ctx, t.app);
  });
  afterAll(() => t.close());

  const commentsCount = async (postId: string) => (await cid.api.get(`/posts/${postId}`)).body.post.commentsCount as number;

  it('POST answers 201 {comment} with the rendered body and its author; the post counts it', async () => {
    const post = await buildPost(ann);
    const res = await bob.api.post(`/posts/${post.id}/comments`, { body: `Nice **one** @${ann.handle} <script>x</script>` });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body)).toEqual(['comment']);
    const c = res.body.comment;
    expect(c).toMatchObject({
      postId: post.id,
      author: { id: bob.id, name: 'Bob Commenter', handle: bob.handle, avatarUrl: null },
      body: `Nice **one** @${ann.handle} <script>x</script>`,
      editedAt: null,
      canEdit: true,
      canDelete: true,
    });
    expect(c.html).toContain('<strong>one</strong>');
    expect(c.html).toContain(`href="/people/${ann.id}"`);
    expect(c.html).not.toMatch(/<script/i);
    expect(new Date(c.createdAt).toISOString()).toBe(c.createdAt);
    expect(await commentsCount(post.id)).toBe(1);
  });

  it('GET lists comments oldest first, keyset-paged without gaps or duplicates', async () => {
    const post = await buildPost(ann);
    const made: string[] = [];
    for (let i = 0; i < 7; i++) made.push((await buildComment(i % 2 ? bob : cid, post.id, `comment ${i}`)).id);
    const seen: string[] = [];
    const bodies: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await ann.api.get(`/posts/${post.id}/comments?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...res.body.items.map((c: { id: string }) => c.id));
      bodies.push(...res.body.items.map((c: { body: string }) => c.body));
      cursor = res.body.nextCursor;
      // A comment arriving between pages lands at the end and is picked up, never doubled.
      if (pages === 0) made.push((await buildComment(bob, post.id, 'late comment')).id);
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(made);
    expect(bodies.slice(0, 7)).toEqual(Array.from({ length: 7 }, (_, i) => `comment ${i}`));
    expect(pages).toBe(3);
    expect(await commentsCount(post.id)).toBe(8);
    const all = await ann.api.get(`/posts/${post.id}/comments`);
    expect(all.body.nextCursor).toBeNull();
    expect(all.body.items.map((c: { id: string }) => c.id)).toEqual(made);
  });

  it('posts carry their newest three comments, oldest first, in the feed and on the permalink', async () => {
    const post = await buildPost(ann, 'a post with a conversation');
    const empty = (await cid.api.get(`/posts/${post.id}`)).body.post;
    expect(empty.latestComments).toEqual([]);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await buildComment(i % 2 ? bob : cid, post.id, `reply ${i}`)).id);
    const read = (await ann.api.get(`/posts/${post.id}`)).body.post;
    expect(read.latestComments.map((c: { id: string }) => c.id)).toEqual(ids.slice(2));
    expect(read.latestComments.map((c: { body: string }) => c.body)).toEqual(['reply 2', 'reply 3', 'reply 4']);
    expect(read.latestComments[1].author.name).toBe('Bob Commenter');
    // the post's author may delete others' comments on it; the bystander may not delete Bob's
    expect(read.latestComments[1].canDelete).toBe(true);
    const asCid = (await cid.api.get(`/posts/${post.id}`)).body.post;
    expect(asCid.latestComments[1].canDelete).toBe(false);
    const inWall = (await ann.api.get(`/users/${ann.id}/posts`)).body.items.find((p: { id: string }) => p.id === post.id);
    expect(inWall.latestComments).toHaveLength(3);
  });

  it('answers 404 for comments on a post that does not exist, and stores nothing', async () => {
    const before = (await t.ctx.db.selectFrom('comments').select('id').execute()).length;
    const add = await bob.api.post(`/posts/${MISSING}/comments`, { body: 'hello?' });
    expect(add.status).toBe(404);
    expect(add.body.error.code).toBe('not_found');
    const list = await bob.api.get(`/posts/${MISSING}/comments`);
    expect(list.status).toBe(404);
    expect((await t.ctx.db.selectFrom('comments').select('id').execute()).length).toBe(before);
  });

  it('refuses empty, oversized and over-specified comment bodies', async () => {
    const post = await buildPost(ann);
    for (const payload of [
      { body: '' },
      { body: ' \n ' },
      { body: 'x'.repeat(LIMITS.textBody + 1) },
      { body: 'x', authorId: cid.id },
      { body: 'x', html: '<b>x</b>' },
      { body: 'x', postId: post.id },
      {},
    ]) {
      const res = await bob.api.post(`/posts/${post.id}/comments`, payload);
      expect(res.status, JSON.stringify(payload).slice(0, 80)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    expect((await bob.api.post(`/posts/${post.id}/comments`, { body: 'x'.repeat(LIMITS.textBody) })).status).toBe(201);
    expect(await commentsCount(post.id)).toBe(1);
  });

  describe('PATCH /comments/:id', () => {
    it('lets the author edit: body, html and editedAt change', async () => {
      const post = await buildPost(ann);
      const c = await buildComment(bob, post.id, 'frist');
      const res = await bob.api.patch(`/comments/${c.id}`, { body: '**first**' });
      expect(res.status).toBe(200);
      expect(res.body.comment).toMatchObject({ id: c.id, postId: post.id, body: '**first**', author: { id: bob.id } });
      expect(res.body.comment.html).toContain('<strong>first</strong>');
      expect(res.body.comment.editedAt).toEqual(expect.any(String));
      const listed = (await cid.api.get(`/posts/${post.id}/comments`)).body.items[0];
      expect(listed).toMatchObject({ id: c.id, body: '**first**', editedAt: res.body.comment.editedAt });
    });

    it.each([
      ['the post\'s author', () => ann],
      ['an admin', () => admin],
      ['another member', () => cid],
    ])('refuses %s with 403 and changes nothing', async (_who, actor) => {
      const post = await buildPost(ann);
      const c = await buildComment(bob, post.id, 'original words');
      const res = await actor().api.patch(`/comments/${c.id}`, { body: 'put in his mouth' });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
      expect((await cid.api.get(`/posts/${post.id}/comments`)).body.items[0]).toMatchObject({ body: 'original words', editedAt: null });
    });

    it('answers 404 for a comment that does not exist', async () => {
      const res = await bob.api.patch(`/comments/${MISSING}`, { body: 'x' });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    });

    it('reports canEdit and canDelete per viewer', async () => {
      const post = await buildPost(ann);
      const c = await buildComment(bob, post.id);
      const as = async (u: TestUser) => (await u.api.get(`/posts/${post.id}/comments`)).body.items.find((x: { id: string }) => x.id === c.id);
      expect(await as(bob)).toMatchObject({ canEdit: true, canDelete: true });
      expect(await as(ann)).toMatchObject({ canEdit: false, canDelete: true });
      expect(await as(admin)).toMatchObject({ canEdit: false, canDelete: true });
      expect(await as(cid)).toMatchObject({ canEdit: false, canDelete: false });
    });
  });

  describe('DELETE /comments/:id', () => {
    it.each([
      ['its author', () => bob],
      ['the post\'s author', () => ann],
      ['an admin', () => admin],
    ])('lets %s delete: 204, gone from the list, commentsCount decremented', async (_who, actor) => {
      const post = await buildPost(ann);
      const keep = await buildComment(cid, post.id);
      const c = await buildComment(bob, post.id);
      expect(await commentsCount(post.id)).toBe(2);
      const res = await actor().api.delete(`/comments/${c.id}`);
      expect(res.status).toBe(204);
      expect(await commentsCount(post.id)).toBe(1);
      expect((await cid.api.get(`/posts/${post.id}/comments`)).body.items.map((x: { id: string }) => x.id)).toEqual([keep.id]);
      // Gone: a second delete or an edit is 404, and the count does not go down twice.
      expect((await actor().api.delete(`/comments/${c.id}`)).status).toBe(404);
      expect((await bob.api.patch(`/comments/${c.id}`, { body: 'x' })).status).toBe(404);
      expect(await commentsCount(post.id)).toBe(1);
    });

    it('refuses another member with 403 and keeps the comment and the count', async () => {
      const post = await buildPost(ann);
      const c = await buildComment(bob, post.id);
      const res = await cid.api.delete(`/comments/${c.id}`);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
      expect(await commentsCount(post.id)).toBe(1);
      expect((await cid.api.get(`/posts/${post.id}/comments`)).body.items.map((x: { id: string }) => x.id)).toEqual([c.id]);
    });

    it('answers 404 for a comment that does not exist', async () => {
      expect((await admin.api.delete(`/comments/${MISSING}`)).status).toBe(404);
    });
  });
});
