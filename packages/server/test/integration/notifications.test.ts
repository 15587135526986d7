import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToGroup, buildComment, buildGroup, buildGuest, buildOrg, buildPost, buildUser, type TestGroup, type TestUser } from '../factories.js';
import { createTestApp, type TestApp } from '../harness.js';
import { openStream } from '../stream-client.js';

/** The bell: who is told what, only about what he may read, on his stream too. */
let t: TestApp;
let admin: TestUser, alice: TestUser, bob: TestUser, carol: TestUser, gus: TestUser;
let P: TestGroup, C: TestGroup;

beforeAll(async () => {
  t = await createTestApp();
  admin = await buildOrg(t.ctx, t.app);
  [alice, bob, carol] = [await buildUser(t.ctx, t.app), await buildUser(t.ctx, t.app), await buildUser(t.ctx, t.app)];
  P = await buildGroup(alice, { visibility: 'private' });
  C = await buildGroup(alice, { customer: true });
  gus = await buildGuest(t.ctx, t.app, [C]);
});
afterAll(() => t.close());

const list = async (who: TestUser, query = '') => (await who.api.get(`/notifications${query}`)).body.items as any[];
const unread = async (who: TestUser) => (await who.api.get('/notifications/unread')).body.unread as number;
const about = async (who: TestUser, postId: string) => (await list(who)).filter((n) => n.post?.id === postId);

describe('notifications', () => {
  it('a mention tells the person mentioned, with who and what', async () => {
    const before = await unread(bob);
    const post = await buildPost(alice, `Thanks @${bob.handle} for the **review**`);
    const [n] = await about(bob, post.id);
    expect(n).toMatchObject({ kind: 'mention', actor: { id: alice.id }, post: { id: post.id }, readAt: null, commentId: null });
    expect(n.post.excerpt).toContain('Thanks @');
    expect(await unread(bob)).toBe(before + 1);
    expect(await about(alice, post.id)).toEqual([]);
  });

  it('nobody is told about what he cannot read: a private group’s mention of an outsider, a company post to a guest', async () => {
    const hidden = await buildPost(alice, `@${carol.handle} look (private)`, { groupId: P.id });
    expect(await about(carol, hidden.id)).toEqual([]);
    const company = await buildPost(alice, `@${gus.handle} hello`);
    expect(await about(gus, company.id)).toEqual([]);
    const forGus = await buildPost(alice, `@${gus.handle} your order shipped`, { groupId: C.id });
    expect((await about(gus, forGus.id)).map((n) => n.kind)).toEqual(['mention']);
  });

  it('mentioning oneself tells nobody; a wall post tells the wall’s owner once', async () => {
    const self = await buildPost(alice, `note to @${alice.handle}`);
    expect(await about(alice, self.id)).toEqual([]);
    const wall = await buildPost(alice, `Happy birthday @${bob.handle}!`, { wallUserId: bob.id });
    expect((await about(bob, wall.id)).map((n) => n.kind)).toEqual(['wall_post']);
  });

  it('comments and likes tell the post’s author; a like repeated or one’s own tells nobody again', async () => {
    const post = await buildPost(bob, 'my post');
    const comment = await buildComment(alice, post.id, `nice, @${carol.handle} see this`);
    await buildComment(bob, post.id, 'my own comment');
    await alice.api.put(`/posts/${post.id}/reactions/like`);
    await alice.api.put(`/posts/${post.id}/reactions/like`);
    await bob.api.put(`/posts/${post.id}/reactions/like`);
    const kinds = (await about(bob, post.id)).map((n) => `${n.kind}:${n.actor.id === alice.id ? 'alice' : 'other'}`);
    expect(kinds.sort()).toEqual(['comment:alice', 'reaction:alice']);
    expect(await about(carol, post.id)).toEqual([expect.objectContaining({ kind: 'mention', commentId: comment.id })]);
  });

  it('an edit tells only those it newly mentions', async () => {
    const post = await buildPost(alice, `hi @${bob.handle}`);
    expect((await alice.api.patch(`/posts/${post.id}`, { body: `hi @${bob.handle} and @${carol.handle}` })).status).toBe(200);
    expect(await about(bob, post.id)).toHaveLength(1);
    expect(await about(carol, post.id)).toHaveLength(1);
  });

  it('groups: added, asked to join (owners and managers), let in', async () => {
    const G = await buildGroup(alice, { visibility: 'private' });
    await addToGroup(t.ctx, G, carol, 'manager');
    const dave = await buildUser(t.ctx, t.app);
    expect((await alice.api.post(`/groups/${G.id}/members`, { userId: bob.id })).status).toBe(201);
    expect((await list(bob)).find((n) => n.group?.id === G.id)).toMatchObject({ kind: 'group_added', actor: { id: alice.id }, group: { name: G.name } });
    expect((await dave.api.post(`/groups/${G.id}/join`)).body.status).toBe('requested');
    for (const lead of [alice, carol]) expect((await list(lead)).filter((n) => n.group?.id === G.id).map((n) => n.kind)).toEqual(['join_request']);
    expect((await list(bob)).filter((n) => n.kind === 'join_request')).toEqual([]);
    expect((await carol.api.post(`/groups/${G.id}/requests/${dave.id}/approve`)).status).toBe(200);
    expect((await list(dave)).map((n) => n.kind)).toEqual(['join_approved']);
  });

  it('what one can no longer read drops out of the bell; a deleted post takes its notifications with it', async () => {
    const post = await buildPost(alice, `@${bob.handle} in P`, { groupId: P.id });
    await addToGroup(t.ctx, P, bob);
    const inP = await buildPost(alice, `@${bob.handle} again in P`, { groupId: P.id });
    expect(await about(bob, inP.id)).toHaveLength(1);
    expect(await about(bob, post.id)).toHaveLength(0); // he was not a member then
    const count = await unread(bob);
    expect((await alice.api.delete(`/groups/${P.id}/members/${bob.id}`)).status).toBe(204);
    expect(await about(bob, inP.id)).toEqual([]);
    expect(await unread(bob)).toBe(count - 1);
    const gone = await buildPost(alice, `@${carol.handle} soon deleted`);
    expect(await about(carol, gone.id)).toHaveLength(1);
    await alice.api.delete(`/posts/${gone.id}`);
    expect(await about(carol, gone.id)).toEqual([]);
  });

  it('marking read: up to one, or some; only one’s own; other tabs hear the new count', async () => {
    const erin = await buildUser(t.ctx, t.app);
    const stream = await openStream(await t.listen(), { token: erin.token });
    const posts = [];
    for (let i = 0; i < 3; i++) posts.push(await buildPost(alice, `@${erin.handle} number ${i}`));
    await stream.waitFor(() => stream.events.filter((f) => f.type === 'notification.created').length === 3);
    const items = await list(erin);
    expect(items.map((n) => n.post.id)).toEqual(posts.map((p) => p.id).reverse());
    expect((await bob.api.post('/notifications/read', { ids: [items[0].id] })).body.unread).toBe(await unread(bob)); // not his
    expect(await unread(erin)).toBe(3);
    expect((await erin.api.post('/notifications/read', { upTo: items[1].id })).body).toEqual({ unread: 1 });
    await stream.waitType('notification.read', (d) => d.unread === 1);
    expect((await erin.api.post('/notifications/read', { ids: [items[0].id] })).body).toEqual({ unread: 0 });
    expect(await list(erin, '?unread=true')).toEqual([]);
    expect((await list(erin)).every((n) => n.readAt !== null)).toBe(true);
    // The recipient's stream only: nobody else heard of erin's bell.
    await stream.close();
  });

  it('refuses a mark-read that names neither or both', async () => {
    expect((await bob.api.post('/notifications/read', {})).status).toBe(400);
    expect((await bob.api.post('/notifications/read', { upTo: 'x', ids: [] })).status).toBe(400);
    expect((await admin.api.get('/notifications?limit=0')).status).toBe(400);
  });
});
