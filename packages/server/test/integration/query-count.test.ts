import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildComment, buildOrg, buildPost, buildUser, follow, type TestUser } from '../factories.js';
import { createTestApp, type TestApp } from '../harness.js';

/**
 * Every list endpoint hydrates a page with a fixed number of queries, whatever its size
 * (DESIGN.md §3.5): the same count for a page of 2 as for a page of 20, and that count pinned.
 * A change that adds a query per item fails the first check; one that adds a query per page
 * fails the second, on purpose: look at `statements` and pin the new number if it is right.
 */
describe('queries per request', () => {
  let t: TestApp;
  let viewer: TestUser;
  let star: TestUser;
  let postWithComments: string;
  const people: TestUser[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await buildOrg(t.ctx, t.app);
    viewer = await buildUser(t.ctx, t.app);
    star = await buildUser(t.ctx, t.app);
    for (let i = 0; i < 22; i++) {
      const p = await buildUser(t.ctx, t.app, { name: `Person ${String(i).padStart(2, '0')}`, department: 'Counting' });
      await p.api.patch(`/users/${p.id}`, { skills: [`skill ${i}`, 'counting'] });
      await follow(p, star); // star's followers
      await follow(viewer, p); // the viewer's feed
      people.push(p);
    }
    // 25 posts of every shape in the viewer's feed, on the star's wall and in #counted: each with
    // its own author, a wall, mentions, topics, reactions and comments to hydrate.
    for (let i = 0; i < 25; i++) {
      const author = people[i % people.length];
      const post = await buildPost(author, `post ${i} @${viewer.handle} @${people[(i + 1) % people.length].handle} #counted #extra${i}`, { wallUserId: star.id });
      await people[(i + 2) % people.length].api.put(`/posts/${post.id}/reactions/like`);
      await viewer.api.put(`/posts/${post.id}/reactions/tada`);
      await buildComment(people[(i + 3) % people.length], post.id);
    }
    postWithComments = (await buildPost(star, 'discuss')).id;
    for (let i = 0; i < 25; i++) await buildComment(people[i % people.length], postWithComments, `comment ${i}`);
    expect(admin.id).toBeTruthy();
  });
  afterAll(() => t.close());

  const cases: [string, () => string, number][] = [
    // auth + skeleton + 4 batched refs (reaction counts, mine, mentions, topics) + latest comments + users
    ['GET /feed', () => '/feed', 8],
    // auth + the person + skeleton + 4 refs + latest comments + users
    ['GET /users/:id/posts', () => `/users/${star.id}/posts`, 9],
    // auth + skeleton + 4 refs + latest comments + users
    ['GET /topics/:name/posts', () => '/topics/counted/posts', 8],
    // auth + the post + the comments + their authors
    ['GET /posts/:id/comments', () => `/posts/${postWithComments}/comments`, 4],
    // auth + the page + skills + 3 follow stats (followers, following, mine)
    ['GET /users', () => '/users?department=Counting', 6],
    // auth + the person + the page
    ['GET /users/:id/followers', () => `/users/${star.id}/followers`, 3],
    ['GET /users/:id/following', () => `/users/${viewer.id}/following`, 3],
  ];

  it.each(cases.map(([name, url, expected]) => ({ name, url, expected })))('$name: the same number of queries for 2 and for 20 items, $expected', async ({ url, expected }) => {
    const run = async (limit: number) => {
      const { result, count, statements } = await t.countQueries(() => viewer.api.get(`${url()}${url().includes('?') ? '&' : '?'}limit=${limit}`));
      expect(result.status).toBe(200);
      expect(result.body.items).toHaveLength(limit);
      return { count, statements };
    };
    const small = await run(2);
    const large = await run(20);
    expect(large.count, `2 items:\n${small.statements.join('\n')}\n\n20 items:\n${large.statements.join('\n')}`).toBe(small.count);
    expect(small.count, small.statements.join('\n')).toBe(expected);
  });

  it('counts what the database is sent', async () => {
    const { count } = await t.countQueries(async () => {
      await t.ctx.db.selectFrom('users').select('id').execute();
      await t.ctx.db.selectFrom('posts').select('id').execute();
    });
    expect(count).toBe(2);
  });
});
