import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToGroup, buildComment, buildGroup, buildGuest, buildOrg, buildPost, buildUser, follow, type TestGroup, type TestUser } from '../factories.js';
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
  let admin: TestUser;
  /** A group with 22 more members and 25 posts, each post with a comment, reactions, a mention and topics. */
  let team: TestGroup;
  let teamChat: string;
  const people: TestUser[] = [];

  beforeAll(async () => {
    // Sessions uncached, so every request counts its own authentication the same way.
    // The realtime tailer reads the events table after commits and on a timer: no timer here, and
    // it is drained after the setup (below), so that only a request's own queries are counted.
    t = await createTestApp({ SESSION_CACHE_SECONDS: '0', FEED_CACHE_USERS: '0', STREAM_POLL_MS: '3600000' });
    admin = await buildOrg(t.ctx, t.app);
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

    // Groups: 22 the viewer sees (public, private, his own unlisted ones, some with guests and
    // requests), one of them with everyone in it and a feed of 25 posts.
    team = await buildGroup(star, { name: 'Counting team', visibility: 'private' });
    await addToGroup(t.ctx, team, viewer);
    for (const p of people) await addToGroup(t.ctx, team, p, p === people[0] ? 'manager' : 'member');
    for (let i = 0; i < 25; i++) {
      const author = people[i % people.length];
      const post = await buildPost(author, `team ${i} @${people[(i + 1) % people.length].handle} #team #t${i}`, { groupId: team.id });
      await people[(i + 2) % people.length].api.put(`/posts/${post.id}/reactions/like`);
      await buildComment(people[(i + 3) % people.length], post.id);
    }
    const customers: TestGroup[] = [];
    for (let i = 0; i < 21; i++) {
      const owner = people[i % people.length];
      const visibility = (['public', 'private', 'unlisted'] as const)[i % 3];
      const g = await buildGroup(owner, { name: `Counting group ${String(i).padStart(2, '0')}`, visibility, customer: i % 4 === 0 && visibility === 'private' });
      if (visibility === 'unlisted') await addToGroup(t.ctx, g, viewer);
      if (visibility === 'private') await viewer.api.post(`/groups/${g.id}/join`);
      if (g.customer) customers.push(g);
    }
    // 22 guests with groups, an inviter and activity, for the admins' list.
    for (let i = 0; i < 22; i++) {
      const group = customers[i % customers.length];
      const guest = await buildGuest(t.ctx, t.app, [group, ...(i % 2 ? [customers[(i + 1) % customers.length]] : [])]);
      await t.ctx.db
        .insertInto('invitations')
        .values({
          id: `inv${String(i).padStart(4, '0')}`,
          token_hash: `hash-${i}`,
          kind: 'guest',
          email: guest.email,
          user_id: guest.id,
          inviter_id: people[i % people.length].id,
          group_id: group.id,
          created_at: new Date().toISOString(),
          expires_at: new Date(Date.now() + 86_400_000).toISOString(),
          accepted_at: new Date().toISOString(),
        })
        .execute();
      await buildPost(guest, `question ${i}`, { groupId: group.id });
    }

    // Conversations: a direct one with each of the 22 (unread messages, read receipts), a group
    // conversation, and the team's chat with 25 messages by many authors. The newest two are the
    // chat and a direct conversation, so that the smallest page already holds both shapes.
    const started = async (who: TestUser, memberIds: string[]) => (await who.api.post('/conversations', { memberIds })).body.conversation.id as string;
    const say = async (who: TestUser, conversationId: string, body: string) => {
      const res = await who.api.post(`/conversations/${conversationId}/messages`, { body });
      if (res.status !== 201) throw new Error(`message: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.message.id as string;
    };
    const group = await started(viewer, [people[0].id, people[1].id, people[2].id]);
    await say(people[1], group, `hello @${viewer.handle}`);
    for (const [i, p] of people.entries()) {
      const direct = await started(p, [viewer.id]);
      const first = await say(p, direct, `direct ${i}`);
      if (i % 2) await viewer.api.post(`/conversations/${direct}/read`, { messageId: first });
      await say(i % 3 ? p : viewer, direct, `again ${i} @${star.handle}`);
    }
    teamChat = (await viewer.api.get(`/groups/${team.id}/chat`)).body.conversation.id;
    for (let i = 0; i < 25; i++) await say(people[i % people.length], teamChat, `chat ${i} @${people[(i + 1) % people.length].handle}`);
    await t.ctx.hub.catchUp();
    // With Redis each commit's announcement comes back a moment later and wakes the tailer once
    // more (a read of the events table): wait until 200 ms pass without any statement.
    while ((await t.countQueries(() => new Promise((r) => setTimeout(r, 200)))).count > 0);
  });
  afterAll(() => t.close());

  const cases: [string, () => string, number, (() => TestUser)?][] = [
    // auth + followed topics + skeleton + 4 batched refs (reaction counts, mine, mentions, topics) + latest comments + users
    // + the posts' groups (the viewer's team posts are in his feed)
    ['GET /feed', () => '/feed', 10],
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
    // auth + the page + member counts + the caller's roles + his requests
    ['GET /groups', () => '/groups?q=Counting', 5],
    // auth + the group + the page
    ['GET /groups/:id/members', () => `/groups/${team.id}/members`, 3],
    // auth + the group + skeleton + 4 refs + latest comments + users + the posts' groups
    ['GET /groups/:id/posts', () => `/groups/${team.id}/posts`, 10],
    // auth + the page + their groups + their invitations + their activity + the inviters
    ['GET /admin/guests', () => '/admin/guests', 6, () => admin],
    // auth + the page + members + chats' groups + last messages + unread counts + own read positions + last messages' authors
    ['GET /conversations', () => '/conversations', 8],
    // auth + the conversation + the caller's membership of its group + the page + authors
    ['GET /conversations/:id/messages', () => `/conversations/${teamChat}/messages`, 5],
  ];

  it.each(cases.map(([name, url, expected, caller]) => ({ name, url, expected, caller })))('$name: the same number of queries for 2 and for 20 items, $expected', async ({ url, expected, caller }) => {
    const who = caller?.() ?? viewer;
    const run = async (limit: number) => {
      const { result, count, statements } = await t.countQueries(() => who.api.get(`${url()}${url().includes('?') ? '&' : '?'}limit=${limit}`));
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
