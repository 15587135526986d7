import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToGroup, buildComment, buildGroup, buildGuest, buildOrg, buildPost, buildUser, type TestGroup, type TestUser } from '../factories.js';
import { client, createTestApp, type TestApp } from '../harness.js';
import { startMailCatcher } from '../mail-catcher.js';

/**
 * The customer path end to end (issue 3): an owner invites a person from outside by mail into a
 * customer group; he accepts and becomes a guest who sees that group and the people in it, and
 * nothing else of the company.
 */

const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((x) => x.id);
const tokenIn = (text: string) => /https:\/\/atrium\.example\/invitations\/([A-Za-z0-9_-]+)/.exec(text)?.[1];
const PASSWORD = 'the customer chose this';

describe('guests: customers in customer groups', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startMailCatcher>>;
  let admin: TestUser;
  /** Owner of the customer group. */
  let olga: TestUser;
  /** A colleague in the customer group. */
  let carl: TestUser;
  /** A colleague outside it, with a company post, a wall, topics. */
  let otto: TestUser;
  let portal: TestGroup;
  let pub: TestGroup;
  let pubPost: string;
  let companyPost: string;
  let companyAnnouncement: string;
  let groupAnnouncement: string;
  let portalLaunch: string;
  /** The guest, once he has accepted. */
  let kim: TestUser & { name: string };

  beforeAll(async () => {
    smtp = await startMailCatcher();
    t = await createTestApp({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://atrium.example' });
    admin = await buildOrg(t.ctx, t.app);
    olga = await buildUser(t.ctx, t.app, { name: 'Olga Owner', managerId: admin.id });
    carl = await buildUser(t.ctx, t.app, { name: 'Carl Colleague' });
    otto = await buildUser(t.ctx, t.app, { name: 'Otto Outside' });
    portal = await buildGroup(olga, { name: 'Customer Portal', customer: true });
    await addToGroup(t.ctx, portal, carl);
    pub = await buildGroup(otto, { name: 'Everyone', visibility: 'public' });
    await addToGroup(t.ctx, pub, olga);
    pubPost = (await buildPost(otto, 'public group talk #launch', { groupId: pub.id })).id;
    companyPost = (await buildPost(otto, 'internal numbers #launch')).id;
    await buildPost(carl, 'a post on otto\u2019s wall', { wallUserId: otto.id });
    companyAnnouncement = (await buildPost(admin, 'company all-hands', { announcement: true })).id;
    groupAnnouncement = (await buildPost(olga, 'welcome, customers', { groupId: portal.id, announcement: true })).id;
    portalLaunch = (await buildPost(carl, 'the #launch plan for you', { groupId: portal.id })).id;
    await carl.api.post('/topics/launch/follow');
    await otto.api.post('/topics/launch/follow');
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  async function invite(by: TestUser, group: { id: string }, email: string) {
    smtp.received.length = 0;
    const res = await by.api.post(`/groups/${group.id}/invitations`, { email });
    if (res.status !== 201) throw new Error(`invite: ${res.status} ${JSON.stringify(res.body)}`);
    const mail = await smtp.mailTo(email.toLowerCase());
    return { res, mail, token: tokenIn(mail.text!)! };
  }

  describe('the invitation', () => {
    it('is mailed with a single-use link, described to its holder, and accepted into a guest account', async () => {
      const before = Date.now();
      const { res, mail, token } = await invite(olga, portal, 'Kim.Kunde@Customer.test');
      expect(res.body.invitation).toMatchObject({ email: 'kim.kunde@customer.test', url: `https://atrium.example/invitations/${token}` });
      const expires = Date.parse(res.body.invitation.expiresAt) - before;
      expect(expires).toBeGreaterThan(14 * 86_400_000 - 60_000);
      expect(expires).toBeLessThan(14 * 86_400_000 + 60_000);
      expect(mail.subject).toContain('Customer Portal');
      expect(mail.text).toContain('Olga Owner');
      expect(mail.html).toContain(`https://atrium.example/invitations/${token}`);

      const anon = client(t.app);
      const info = await anon.get(`/invitations/${token}`);
      expect(info.status).toBe(200);
      expect(info.body.invitation).toMatchObject({
        kind: 'guest',
        email: 'kim.kunde@customer.test',
        orgName: 'Acme',
        group: { id: portal.id, name: 'Customer Portal' },
        existingAccount: false,
      });

      expect((await anon.post(`/invitations/${token}/accept`, { password: PASSWORD })).status).toBe(400); // a new guest gives his name
      const accepted = await anon.post(`/invitations/${token}/accept`, { name: 'Kim Kunde', password: PASSWORD });
      expect(accepted.status).toBe(201);
      expect(accepted.body.user).toMatchObject({ name: 'Kim Kunde', kind: 'guest', role: 'member', email: 'kim.kunde@customer.test' });
      expect(accepted.headers['set-cookie']).toBeDefined();
      kim = { id: accepted.body.user.id, handle: accepted.body.user.handle, email: 'kim.kunde@customer.test', token: accepted.body.token, api: client(t.app, accepted.body.token), name: 'Kim Kunde' };
      expect((await kim.api.get('/me')).body.user.kind).toBe('guest');
      expect((await anon.post('/auth/login', { email: 'kim.kunde@customer.test', password: PASSWORD })).status).toBe(200);

      // Single use.
      expect((await anon.post(`/invitations/${token}/accept`, { name: 'Kim Again', password: PASSWORD })).status).toBe(404);
      expect((await anon.get(`/invitations/${token}`)).status).toBe(404);
    });
  });

  describe('what the guest sees: his group and its people, nothing else', () => {
    it('groups: only his own', async () => {
      const groups = await kim.api.get('/groups');
      expect(ids(groups)).toEqual([portal.id]);
      expect(groups.body.items[0]).toMatchObject({ myRole: 'guest', canRead: true, canManage: false, hasGuests: true });
      expect(ids(await kim.api.get('/groups?q=Everyone'))).toEqual([]);
      for (const url of [`/groups/${pub.id}`, `/groups/${pub.id}/posts`, `/groups/${pub.id}/members`, `/groups/${pub.id}/requests`]) {
        expect((await kim.api.get(url)).status, url).toBe(404);
      }
      expect((await kim.api.post(`/groups/${pub.id}/join`)).status).toBe(404);
      const members = await kim.api.get(`/groups/${portal.id}/members`);
      expect(members.body.items.map((m: { user: { id: string } }) => m.user.id).sort()).toEqual([olga.id, carl.id, kim.id].sort());
    });

    it('feed and posts: only his group\u2019s', async () => {
      const feed = await kim.api.get('/feed?limit=100');
      expect(feed.status).toBe(200);
      expect(feed.body.items.length).toBeGreaterThan(0);
      for (const p of feed.body.items) expect(p.groupId).toBe(portal.id);
      expect(ids(await kim.api.get(`/groups/${portal.id}/posts`))).toEqual(expect.arrayContaining([portalLaunch, groupAnnouncement]));
      for (const id of [pubPost, companyPost, companyAnnouncement]) {
        expect((await kim.api.get(`/posts/${id}`)).status, id).toBe(404);
        expect((await kim.api.get(`/posts/${id}/comments`)).status, id).toBe(404);
      }
    });

    it('people: only those of his group; no profiles of others, no org chart, no walls', async () => {
      expect(ids(await kim.api.get('/users?limit=100')).sort()).toEqual([olga.id, carl.id, kim.id].sort());
      expect(ids(await kim.api.get('/users?q=otto'))).toEqual([]);
      for (const url of [`/users/${otto.id}`, `/users/${admin.id}`, `/users/${otto.id}/followers`, `/users/${otto.id}/posts`, '/orgchart']) {
        expect((await kim.api.get(url)).status, url).toBe(404);
      }
      expect((await kim.api.get(`/users/${olga.id}`)).status).toBe(200);
      // Even the people he sees have no wall for him, nor has he one of his own.
      expect((await kim.api.get(`/users/${olga.id}/posts`)).status).toBe(404);
      expect((await kim.api.get(`/users/${kim.id}/posts`)).status).toBe(404);
    });

    it('announcements: his group\u2019s, not the company\u2019s', async () => {
      expect(ids(await kim.api.get('/announcements'))).toEqual([groupAnnouncement]);
      expect((await kim.api.post(`/announcements/${companyAnnouncement}/dismiss`)).status).toBe(404);
    });

    it('topics: only his group\u2019s posts, and only followers he may see are counted', async () => {
      expect(ids(await kim.api.get('/topics/launch/posts'))).toEqual([portalLaunch]);
      expect((await kim.api.get('/topics/launch')).body.topic).toEqual({ name: 'launch', postsCount: 1, followersCount: 1, isFollowing: false });
      expect((await otto.api.get('/topics/launch')).body.topic).toMatchObject({ postsCount: 2, followersCount: 2 });
      expect((await kim.api.post('/topics/launch/follow')).status).toBe(403);
    });

    it('writes only in his group: posts and comments there, nothing elsewhere', async () => {
      const post = await kim.api.post('/posts', { body: 'How do we log in? #launch', groupId: portal.id });
      expect(post.status).toBe(201);
      expect(post.body.post.author).toMatchObject({ id: kim.id, kind: 'guest' });
      const comment = await kim.api.post(`/posts/${portalLaunch}/comments`, { body: 'Looks good' });
      expect(comment.status).toBe(201);
      expect((await kim.api.put(`/posts/${portalLaunch}/reactions/like`)).status).toBe(200);

      expect((await kim.api.post('/posts', { body: 'hello company' })).status).toBe(403);
      expect((await kim.api.post('/posts', { body: 'hello', wallUserId: olga.id })).status).toBe(403);
      expect((await kim.api.post('/posts', { body: 'hello', groupId: pub.id })).status).toBe(404);
      expect((await kim.api.post(`/posts/${pubPost}/comments`, { body: 'hi' })).status).toBe(404);
      expect((await kim.api.post('/groups', { name: 'Mine', visibility: 'private' })).status).toBe(403);
      expect((await kim.api.post(`/groups/${portal.id}/invitations`, { email: 'friend@customer.test' })).status).toBe(403);
      expect((await kim.api.post(`/users/${otto.id}/follow`)).status).toBe(404);
      expect((await kim.api.post(`/users/${carl.id}/follow`)).status).toBe(200);
      expect((await kim.api.post('/posts', { body: 'nope', groupId: portal.id, announcement: true })).status).toBe(403);
    });

    it('mentions reach only people of his groups', async () => {
      const res = await kim.api.post('/posts', { body: `@${otto.handle} and @${carl.handle}, please look`, groupId: portal.id });
      expect(res.status).toBe(201);
      expect(res.body.post.mentions).toEqual([carl.id]);
      expect(res.body.post.html).toContain(`@${carl.handle}`);
      expect(res.body.post.html).not.toMatch(new RegExp(`<a[^>]*>@${otto.handle}`));
      const rows = await t.ctx.db.selectFrom('post_mentions').select('user_id').where('post_id', '=', res.body.post.id).execute();
      expect(rows.map((r) => r.user_id)).toEqual([carl.id]);
    });
  });

  describe('what colleagues see of him', () => {
    it('marks him as external wherever his name appears, and the group as having guests', async () => {
      const posts = await carl.api.get(`/groups/${portal.id}/posts`);
      const his = posts.body.items.filter((p: { author: { id: string } }) => p.author.id === kim.id);
      expect(his.length).toBeGreaterThan(0);
      for (const p of his) expect(p.author.kind).toBe('guest');
      const comments = await carl.api.get(`/posts/${portalLaunch}/comments`);
      expect(comments.body.items.find((c: { author: { id: string } }) => c.author.id === kim.id).author.kind).toBe('guest');
      const latest = (await carl.api.get(`/posts/${portalLaunch}`)).body.post.latestComments;
      expect(latest.find((c: { author: { id: string } }) => c.author.id === kim.id).author.kind).toBe('guest');
      const members = await carl.api.get(`/groups/${portal.id}/members`);
      expect(members.body.items.find((m: { user: { id: string } }) => m.user.id === kim.id).user.kind).toBe('guest');
      expect((await carl.api.get(`/users/${kim.id}`)).body.user.kind).toBe('guest');
      expect((await carl.api.get(`/groups/${portal.id}`)).body.group.hasGuests).toBe(true);
      expect((await carl.api.get(`/groups/${pub.id}`)).body.group.hasGuests).toBe(false);
      // A colleague outside the group does not find him at all.
      expect(ids(await otto.api.get(`/users?q=${encodeURIComponent('Kim Kunde')}`))).toEqual([]);
      expect((await otto.api.get(`/users/${kim.id}`)).status).toBe(404);
      expect((await otto.api.get(`/groups/${portal.id}/members`)).status).toBe(404);
    });
  });

  describe('a second invitation for an existing guest', () => {
    it('asks for his password; a wrong one joins nothing, the right one joins the second group', async () => {
      const second = await buildGroup(olga, { name: 'Second Project', customer: true });
      const { token } = await invite(olga, second, kim.email);
      const info = await client(t.app).get(`/invitations/${token}`);
      expect(info.body.invitation).toMatchObject({ kind: 'guest', existingAccount: true, name: 'Kim Kunde', group: { id: second.id } });

      const members = () => t.ctx.db.selectFrom('group_members').select(['group_id', 'role']).where('user_id', '=', kim.id).orderBy('group_id').execute();
      const before = await members();
      const wrong = await client(t.app).post(`/invitations/${token}/accept`, { password: 'not his password' });
      expect(wrong.status).toBe(401);
      expect(await members()).toEqual(before);
      expect((await kim.api.get(`/groups/${second.id}`)).status).toBe(404);

      const right = await client(t.app).post(`/invitations/${token}/accept`, { name: 'Somebody Else', password: PASSWORD });
      expect(right.status).toBe(201);
      expect(right.body.user).toMatchObject({ id: kim.id, name: 'Kim Kunde', kind: 'guest' });
      expect(ids(await kim.api.get('/groups')).sort()).toEqual([portal.id, second.id].sort());
      expect((await kim.api.get(`/groups/${second.id}`)).body.group.myRole).toBe('guest');
    });
  });

  describe('invitations are checked again when redeemed', () => {
    let lead: TestUser;
    let group: TestGroup;
    beforeAll(async () => {
      lead = await buildUser(t.ctx, t.app, { name: 'Lea Lead' });
      group = await buildGroup(olga, { name: 'Checked Again', customer: true });
      await addToGroup(t.ctx, group, lead, 'manager');
    });
    const accept = (token: string, name = 'Newcomer') => client(t.app).post(`/invitations/${token}/accept`, { name, password: PASSWORD });

    it('the inviter no longer leads the group → 404', async () => {
      const { token } = await invite(lead, group, 'demoted@customer.test');
      expect((await olga.api.patch(`/groups/${group.id}/members/${lead.id}`, { role: 'member' })).status).toBe(200);
      expect((await client(t.app).get(`/invitations/${token}`)).status).toBe(404);
      expect((await accept(token)).status).toBe(404);
      await olga.api.patch(`/groups/${group.id}/members/${lead.id}`, { role: 'manager' });
      const removed = await invite(lead, group, 'removed@customer.test');
      await olga.api.delete(`/groups/${group.id}/members/${lead.id}`);
      expect((await accept(removed.token)).status).toBe(404);
      await addToGroup(t.ctx, group, lead, 'manager');
      expect(await t.ctx.db.selectFrom('users').select('id').where('email', 'in', ['demoted@customer.test', 'removed@customer.test']).execute()).toEqual([]);
    });

    it('the group was archived → 404', async () => {
      const { token } = await invite(olga, group, 'archived@customer.test');
      await olga.api.patch(`/groups/${group.id}`, { archived: true });
      try {
        expect((await client(t.app).get(`/invitations/${token}`)).status).toBe(404);
        expect((await accept(token)).status).toBe(404);
      } finally {
        await olga.api.patch(`/groups/${group.id}`, { archived: false });
      }
    });

    it('expired → 404', async () => {
      const { token } = await invite(olga, group, 'late@customer.test');
      const realNow = t.ctx.clock.now;
      t.ctx.clock.now = () => new Date(Date.now() + 14 * 86_400_000 + 60_000);
      try {
        expect((await client(t.app).get(`/invitations/${token}`)).status).toBe(404);
        expect((await accept(token)).status).toBe(404);
      } finally {
        t.ctx.clock.now = realNow;
      }
    });

    it('used twice → 404 the second time; two at once → one 201', async () => {
      const once = await invite(olga, group, 'twice@customer.test');
      expect((await accept(once.token)).status).toBe(201);
      expect((await accept(once.token)).status).toBe(404);
      for (let round = 0; round < 3; round++) {
        const { token } = await invite(olga, group, `race${round}@customer.test`);
        const results = await Promise.all([accept(token, 'First'), accept(token, 'Second')]);
        expect(results.map((r) => r.status).sort()).toEqual([201, 404]);
        const users = await t.ctx.db.selectFrom('users').select('name').where('email', '=', `race${round}@customer.test`).execute();
        expect(users).toHaveLength(1);
      }
    });

    it('who may invite, whom, into which group', async () => {
      const plain = await buildGroup(olga, { visibility: 'private' });
      const res = await olga.api.post(`/groups/${plain.id}/invitations`, { email: 'x@customer.test' });
      expect(res.status).toBe(403);
      const colleague = await olga.api.post(`/groups/${group.id}/invitations`, { email: otto.email.toUpperCase() });
      expect(colleague.status).toBe(409);
      expect(colleague.body.error.details).toEqual({ email: 'colleague' });
      expect((await olga.api.post(`/groups/${portal.id}/invitations`, { email: kim.email })).status).toBe(409);
      const member = await buildUser(t.ctx, t.app);
      await addToGroup(t.ctx, group, member);
      expect((await member.api.post(`/groups/${group.id}/invitations`, { email: 'y@customer.test' })).status).toBe(403);
      expect((await otto.api.post(`/groups/${group.id}/invitations`, { email: 'y@customer.test' })).status).toBe(403);
      expect((await admin.api.post(`/groups/${group.id}/invitations`, { email: 'by-admin@customer.test' })).status).toBe(201);
      expect((await olga.api.post(`/groups/${group.id}/invitations`, { email: 'not an email' })).status).toBe(400);
    });
  });

  describe('removal', () => {
    it('takes effect on his very next request', async () => {
      const own = (await kim.api.post('/posts', { body: 'my question', groupId: portal.id })).body.post.id;
      expect((await kim.api.get(`/groups/${portal.id}/posts`)).status).toBe(200);
      expect((await olga.api.delete(`/groups/${portal.id}/members/${kim.id}`)).status).toBe(204);
      expect((await kim.api.get(`/groups/${portal.id}/posts`)).status).toBe(404);
      expect((await kim.api.get(`/posts/${own}`)).status).toBe(404);
      expect((await kim.api.get(`/posts/${portalLaunch}/comments`)).status).toBe(404);
      expect((await kim.api.post(`/posts/${portalLaunch}/comments`, { body: 'still here?' })).status).toBe(404);
      expect((await kim.api.get(`/groups/${portal.id}`)).status).toBe(404);
      expect((await kim.api.get(`/users/${carl.id}`)).status).toBe(404);
      expect(ids(await kim.api.get('/groups'))).not.toContain(portal.id);
      expect(ids(await kim.api.get('/feed?limit=100'))).not.toContain(own);
      expect(ids(await kim.api.get('/announcements'))).toEqual([]);
      expect((await carl.api.get(`/groups/${portal.id}`)).body.group.hasGuests).toBe(false);
    });
  });

  describe('admins\u2019 view of guests', () => {
    it('lists guests with their groups, inviter and last activity; only to admins', async () => {
      const res = await admin.api.get('/admin/guests');
      expect(res.status).toBe(200);
      const entry = res.body.items.find((g: { user: { id: string } }) => g.user.id === kim.id);
      expect(entry.user).toMatchObject({ id: kim.id, name: 'Kim Kunde', kind: 'guest', email: kim.email });
      expect(entry.groups.map((g: { name: string }) => g.name)).toEqual(['Second Project']);
      expect(entry.invitedBy).toMatchObject({ id: olga.id, name: 'Olga Owner' });
      expect(Date.parse(entry.lastActivityAt)).toBeGreaterThan(Date.now() - 60_000);
      for (const u of [olga, carl, kim]) expect((await u.api.get('/admin/guests')).status).toBe(403);
      // Only guests are listed.
      for (const item of res.body.items) expect(item.user.kind).toBe('guest');
    });

    it('removes a guest entirely: his session, memberships and writing go, counts stay true', async () => {
      const guest = await buildGuest(t.ctx, t.app, [portal]);
      const post = await buildPost(carl, 'answer me', { groupId: portal.id });
      await buildComment(guest, post.id, 'a guest comment');
      await buildComment(carl, post.id, 'a colleague comment');
      const hisPost = await buildPost(guest, 'guest post', { groupId: portal.id });
      expect((await carl.api.get(`/posts/${post.id}`)).body.post.commentsCount).toBe(2);

      expect((await olga.api.delete(`/admin/guests/${guest.id}`)).status).toBe(403);
      expect((await admin.api.delete(`/admin/guests/${carl.id}`)).status).toBe(404);
      expect((await admin.api.delete('/admin/guests/01HZZZZZZZZZZZZZZZZZZZZZZZ')).status).toBe(404);
      expect((await admin.api.delete(`/admin/guests/${guest.id}`)).status).toBe(204);

      expect((await guest.api.get('/me')).status).toBe(401);
      expect((await carl.api.get(`/posts/${hisPost.id}`)).status).toBe(404);
      const after = (await carl.api.get(`/posts/${post.id}`)).body.post;
      expect(after.commentsCount).toBe(1);
      expect(ids(await carl.api.get(`/posts/${post.id}/comments`))).toHaveLength(1);
      expect((await admin.api.get('/admin/guests')).body.items.map((g: { user: { id: string } }) => g.user.id)).not.toContain(guest.id);
      expect(await t.ctx.db.selectFrom('group_members').selectAll().where('user_id', '=', guest.id).execute()).toEqual([]);
      expect((await admin.api.delete(`/admin/guests/${guest.id}`)).status).toBe(404);
    });
  });
});
