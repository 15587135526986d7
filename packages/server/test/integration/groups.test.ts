import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToGroup, buildComment, buildGroup, buildGuest, buildOrg, buildPost, buildUser, deactivate, type TestGroup, type TestUser } from '../factories.js';
import { createTestApp, type TestApp } from '../harness.js';
import { startMailCatcher } from '../mail-catcher.js';

const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((x) => x.id);
const memberIds = (res: { body: { items: { user: { id: string } }[] } }) => res.body.items.map((x) => x.user.id);

describe('groups', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startMailCatcher>>;
  let admin: TestUser;
  let ann: TestUser;
  let bob: TestUser;
  let cleo: TestUser;

  beforeAll(async () => {
    smtp = await startMailCatcher();
    t = await createTestApp({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://atrium.example' });
    admin = await buildOrg(t.ctx, t.app);
    ann = await buildUser(t.ctx, t.app, { name: 'Ann Owner' });
    bob = await buildUser(t.ctx, t.app, { name: 'Bob Colleague' });
    cleo = await buildUser(t.ctx, t.app, { name: 'Cleo Colleague' });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  describe('creating', () => {
    it('makes the creator its owner, and answers with the group', async () => {
      const res = await ann.api.post('/groups', { name: '  Design Guild ', description: 'Pixels', visibility: 'public' });
      expect(res.status).toBe(201);
      expect(res.body.group).toMatchObject({
        name: 'Design Guild',
        description: 'Pixels',
        visibility: 'public',
        customer: false,
        membersCount: 1,
        hasGuests: false,
        archived: false,
        myRole: 'owner',
        myRequest: null,
        canRead: true,
        canManage: true,
      });
      const members = await ann.api.get(`/groups/${res.body.group.id}/members`);
      expect(members.body.items).toEqual([expect.objectContaining({ user: expect.objectContaining({ id: ann.id }), role: 'owner' })]);
    });

    it('makes customer groups private, and refuses a public or unlisted customer group', async () => {
      const made = await ann.api.post('/groups', { name: 'Customer Alpha', visibility: 'private', customer: true });
      expect(made.status).toBe(201);
      expect(made.body.group).toMatchObject({ visibility: 'private', customer: true, myRole: 'owner' });
      for (const visibility of ['public', 'unlisted']) {
        const res = await ann.api.post('/groups', { name: 'Customer Beta', visibility, customer: true });
        expect(res.status, visibility).toBe(400);
        expect(res.body.error.code).toBe('validation_failed');
      }
      // And it stays private: settings cannot open it later.
      for (const visibility of ['public', 'unlisted']) {
        const res = await ann.api.patch(`/groups/${made.body.group.id}`, { visibility });
        expect(res.status, visibility).toBe(400);
      }
      expect((await ann.api.get(`/groups/${made.body.group.id}`)).body.group.visibility).toBe('private');
    });

    it('refuses bad input and people from outside', async () => {
      for (const body of [{ name: '', visibility: 'public' }, { name: 'x', visibility: 'secret' }, { name: 'x' }, { name: 'x', visibility: 'public', role: 'owner' }]) {
        expect((await ann.api.post('/groups', body)).status, JSON.stringify(body)).toBe(400);
      }
      const customer = await buildGroup(ann, { customer: true });
      const guest = await buildGuest(t.ctx, t.app, [customer]);
      const res = await guest.api.post('/groups', { name: 'Mine', visibility: 'public' });
      expect(res.status).toBe(403);
    });
  });

  describe('the directory (GET /groups)', () => {
    let tag: string;
    let pub: TestGroup;
    let priv: TestGroup;
    let unlisted: TestGroup;
    let customer: TestGroup;
    beforeAll(async () => {
      tag = `dir${Date.now().toString(36)}`;
      pub = await buildGroup(ann, { name: `${tag} Public`, description: 'open to all', visibility: 'public' });
      priv = await buildGroup(ann, { name: `${tag} Private`, description: `secret plans of ${tag}`, visibility: 'private' });
      unlisted = await buildGroup(ann, { name: `${tag} Unlisted`, visibility: 'unlisted' });
      customer = await buildGroup(ann, { name: `${tag} Customer`, customer: true });
      await addToGroup(t.ctx, priv, cleo);
      await buildPost(ann, 'private words', { groupId: priv.id });
    });

    it('lists public and private groups to colleagues, a private one by name, description and member count only', async () => {
      const res = await bob.api.get(`/groups?q=${tag}`);
      expect(res.status).toBe(200);
      expect(ids(res).sort()).toEqual([pub.id, priv.id, customer.id].sort());
      const p = res.body.items.find((g: { id: string }) => g.id === priv.id);
      expect(Object.keys(p).sort()).toEqual(
        ['id', 'name', 'description', 'photoUrl', 'visibility', 'customer', 'membersCount', 'hasGuests', 'archived', 'myRole', 'myRequest', 'canRead', 'canManage', 'createdAt'].sort(),
      );
      expect(p).toMatchObject({ name: `${tag} Private`, membersCount: 2, myRole: null, canRead: false, canManage: false });
      // …and nothing more: its posts and members stay closed.
      expect((await bob.api.get(`/groups/${priv.id}/posts`)).status).toBe(404);
      expect((await bob.api.get(`/groups/${priv.id}/members`)).status).toBe(404);
    });

    it('lists unlisted groups only to their members (and admins), and a guest only his own groups', async () => {
      expect(ids(await ann.api.get(`/groups?q=${tag}`))).toContain(unlisted.id);
      expect(ids(await admin.api.get(`/groups?q=${tag}`))).toContain(unlisted.id);
      expect(ids(await bob.api.get(`/groups?q=${tag}`))).not.toContain(unlisted.id);
      expect((await bob.api.get(`/groups/${unlisted.id}`)).status).toBe(404);
      const guest = await buildGuest(t.ctx, t.app, [customer]);
      expect(ids(await guest.api.get(`/groups?q=${tag}`))).toEqual([customer.id]);
      expect(ids(await guest.api.get('/groups'))).toEqual([customer.id]);
      expect((await guest.api.get(`/groups/${customer.id}`)).body.group).toMatchObject({ myRole: 'guest', canRead: true, canManage: false });
    });

    it('searches names and descriptions, case-insensitively, wildcards as plain text', async () => {
      expect(ids(await bob.api.get(`/groups?q=${encodeURIComponent(`SECRET PLANS OF ${tag}`)}`))).toEqual([priv.id]);
      expect(ids(await bob.api.get(`/groups?q=${encodeURIComponent(`${tag} pub`)}`))).toEqual([pub.id]);
      for (const q of ['%', '_', `${tag}%Public`]) expect(ids(await bob.api.get(`/groups?q=${encodeURIComponent(q)}`)), q).toEqual([]);
      expect(ids(await cleo.api.get(`/groups?q=${tag}&filter=mine`))).toEqual([priv.id]);
    });

    it('pages by keyset: every group once, in name order', async () => {
      const pageTag = `pg${Date.now().toString(36)}`;
      const made: string[] = [];
      for (let i = 0; i < 23; i++) made.push((await buildGroup(ann, { name: `${pageTag} ${String(i % 7)}`, visibility: i % 2 ? 'public' : 'private' })).id);
      const seen: { id: string; name: string }[] = [];
      let cursor: string | null = null;
      for (let i = 0; i < 10; i++) {
        const res = await bob.api.get(`/groups?q=${pageTag}&limit=5${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(5);
        seen.push(...res.body.items);
        cursor = res.body.nextCursor;
        if (!cursor) break;
      }
      expect(seen.map((g) => g.id).sort()).toEqual([...made].sort());
      const keys = seen.map((g) => `${g.name}|${g.id}`);
      expect(keys).toEqual([...keys].sort());
      expect((await bob.api.get(`/groups?q=${pageTag}&cursor=not-a-cursor`)).status).toBe(400);
    });
  });

  describe('joining, asking, answering', () => {
    it('joins a public group at once, idempotently', async () => {
      const g = await buildGroup(ann, { visibility: 'public' });
      for (let i = 0; i < 2; i++) {
        const res = await bob.api.post(`/groups/${g.id}/join`);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ status: 'joined', group: { myRole: 'member', membersCount: 2 } });
      }
    });

    it('asks to join a private group; owners and managers approve, and the asker is told by mail', async () => {
      const g = await buildGroup(ann, { name: 'Skunkworks', visibility: 'private' });
      await addToGroup(t.ctx, g, cleo, 'manager');
      const asked = await bob.api.post(`/groups/${g.id}/join`);
      expect(asked.status).toBe(200);
      expect(asked.body).toMatchObject({ status: 'requested', group: { myRole: null, myRequest: 'pending', canRead: false } });
      expect((await bob.api.post(`/groups/${g.id}/join`)).body.status).toBe('requested');
      expect((await bob.api.get(`/groups/${g.id}/posts`)).status).toBe(404);

      const requests = await cleo.api.get(`/groups/${g.id}/requests`);
      expect(requests.status).toBe(200);
      expect(memberIds(requests)).toEqual([bob.id]);
      expect((await bob.api.get(`/groups/${g.id}/requests`)).status).toBe(403);

      const approved = await cleo.api.post(`/groups/${g.id}/requests/${bob.id}/approve`);
      expect(approved.status).toBe(200);
      expect(approved.body).toEqual({ status: 'approved' });
      const mail = await smtp.mailTo(bob.email);
      expect(mail.subject).toContain('Skunkworks');
      expect(mail.text).toContain('approved');
      expect(mail.text).toContain(`https://atrium.example/groups/${g.id}`);

      expect((await bob.api.get(`/groups/${g.id}`)).body.group).toMatchObject({ myRole: 'member', myRequest: null, canRead: true });
      expect((await bob.api.get(`/groups/${g.id}/posts`)).status).toBe(200);
      expect(memberIds(await cleo.api.get(`/groups/${g.id}/requests`))).toEqual([]);
      // Answered once: a second answer finds no request.
      expect((await cleo.api.post(`/groups/${g.id}/requests/${bob.id}/approve`)).status).toBe(404);
    });

    it('declines: the asker is told, and stays outside', async () => {
      const g = await buildGroup(ann, { name: 'Closed Circle', visibility: 'private' });
      const dan = await buildUser(t.ctx, t.app);
      await dan.api.post(`/groups/${g.id}/join`);
      const res = await ann.api.post(`/groups/${g.id}/requests/${dan.id}/decline`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'declined' });
      const mail = await smtp.mailTo(dan.email);
      expect(mail.text).toContain('declined');
      expect(mail.text).not.toContain('/groups/');
      expect((await dan.api.get(`/groups/${g.id}`)).body.group).toMatchObject({ myRole: null, myRequest: null });
      expect((await dan.api.get(`/groups/${g.id}/members`)).status).toBe(404);
      // He may ask again.
      expect((await dan.api.post(`/groups/${g.id}/join`)).body.status).toBe('requested');
    });

    it('refuses joining an unlisted group from outside as if it did not exist', async () => {
      const g = await buildGroup(ann, { visibility: 'unlisted' });
      const res = await bob.api.post(`/groups/${g.id}/join`);
      expect(res.status).toBe(404);
      expect(res.body).toEqual((await bob.api.post('/groups/01HZZZZZZZZZZZZZZZZZZZZZZZ/join')).body);
    });
  });

  describe('members', () => {
    it('leaves a group; its private content closes again', async () => {
      const g = await buildGroup(ann, { visibility: 'private' });
      await addToGroup(t.ctx, g, bob);
      expect((await bob.api.get(`/groups/${g.id}/posts`)).status).toBe(200);
      expect((await bob.api.delete(`/groups/${g.id}/members/${bob.id}`)).status).toBe(204);
      expect((await bob.api.get(`/groups/${g.id}/posts`)).status).toBe(404);
      expect((await bob.api.get(`/groups/${g.id}`)).body.group.myRole).toBeNull();
      expect((await bob.api.delete(`/groups/${g.id}/members/${bob.id}`)).status).toBe(404);
    });

    it('owners and managers add and remove members; members cannot', async () => {
      const g = await buildGroup(ann, { visibility: 'private' });
      await addToGroup(t.ctx, g, cleo, 'manager');
      const dan = await buildUser(t.ctx, t.app);
      const added = await cleo.api.post(`/groups/${g.id}/members`, { userId: bob.id });
      expect(added.status).toBe(201);
      expect(added.body.member).toMatchObject({ user: { id: bob.id }, role: 'member' });
      expect((await cleo.api.post(`/groups/${g.id}/members`, { userId: bob.id })).status).toBe(409);
      expect((await bob.api.post(`/groups/${g.id}/members`, { userId: dan.id })).status).toBe(403);
      expect((await bob.api.delete(`/groups/${g.id}/members/${cleo.id}`)).status).toBe(403);
      expect((await cleo.api.delete(`/groups/${g.id}/members/${bob.id}`)).status).toBe(204);
      expect(memberIds(await ann.api.get(`/groups/${g.id}/members`)).sort()).toEqual([ann.id, cleo.id].sort());
      // Nobody who is not there, nobody deactivated, nobody unknown.
      expect((await cleo.api.delete(`/groups/${g.id}/members/${dan.id}`)).status).toBe(404);
      const gone = await buildUser(t.ctx, t.app);
      await deactivate(admin, gone);
      expect((await cleo.api.post(`/groups/${g.id}/members`, { userId: gone.id })).status).toBe(400);
      expect((await cleo.api.post(`/groups/${g.id}/members`, { userId: '01HZZZZZZZZZZZZZZZZZZZZZZZ' })).status).toBe(400);
      // An admin manages any group, member or not.
      expect((await admin.api.post(`/groups/${g.id}/members`, { userId: dan.id })).status).toBe(201);
    });

    it('takes people from outside only into customer groups, and only as plain members', async () => {
      const customer = await buildGroup(ann, { customer: true });
      const other = await buildGroup(ann, { customer: true });
      const plain = await buildGroup(ann, { visibility: 'private' });
      const guest = await buildGuest(t.ctx, t.app, [customer]);
      expect((await ann.api.post(`/groups/${plain.id}/members`, { userId: guest.id })).status).toBe(400);
      expect((await ann.api.post(`/groups/${other.id}/members`, { userId: guest.id, role: 'manager' })).status).toBe(400);
      expect((await ann.api.post(`/groups/${other.id}/members`, { userId: guest.id })).status).toBe(201);
      expect((await ann.api.patch(`/groups/${other.id}/members/${guest.id}`, { role: 'manager' })).status).toBe(400);
      expect((await ann.api.patch(`/groups/${other.id}/members/${guest.id}`, { role: 'owner' })).status).toBe(400);
      expect((await ann.api.get(`/groups/${other.id}`)).body.group.hasGuests).toBe(true);
      // A colleague who shares no group with the guest does not even find him to add.
      const stranger = await buildUser(t.ctx, t.app);
      const own = await buildGroup(stranger, { customer: true });
      expect((await stranger.api.post(`/groups/${own.id}/members`, { userId: guest.id })).status).toBe(400);
    });

    it('changes roles: managers appoint managers, only owners (and admins) appoint or demote owners', async () => {
      const g = await buildGroup(ann, { visibility: 'public' });
      await addToGroup(t.ctx, g, cleo, 'manager');
      await addToGroup(t.ctx, g, bob);
      const dan = await buildUser(t.ctx, t.app);
      await addToGroup(t.ctx, g, dan);
      expect((await cleo.api.patch(`/groups/${g.id}/members/${bob.id}`, { role: 'manager' })).body.member.role).toBe('manager');
      expect((await cleo.api.patch(`/groups/${g.id}/members/${bob.id}`, { role: 'owner' })).status).toBe(403);
      expect((await cleo.api.patch(`/groups/${g.id}/members/${ann.id}`, { role: 'member' })).status).toBe(403);
      expect((await cleo.api.delete(`/groups/${g.id}/members/${ann.id}`)).status).toBe(403);
      expect((await cleo.api.post(`/groups/${g.id}/members`, { userId: (await buildUser(t.ctx, t.app)).id, role: 'owner' })).status).toBe(403);
      expect((await dan.api.patch(`/groups/${g.id}/members/${bob.id}`, { role: 'member' })).status).toBe(403);
      expect((await ann.api.patch(`/groups/${g.id}/members/${bob.id}`, { role: 'owner' })).body.member.role).toBe('owner');
      expect((await admin.api.patch(`/groups/${g.id}/members/${bob.id}`, { role: 'member' })).body.member.role).toBe('member');
      expect((await ann.api.patch(`/groups/${g.id}/members/${'01HZZZZZZZZZZZZZZZZZZZZZZZ'}`, { role: 'member' })).status).toBe(404);
      const roles = Object.fromEntries((await ann.api.get(`/groups/${g.id}/members`)).body.items.map((m: { user: { id: string }; role: string }) => [m.user.id, m.role]));
      expect(roles).toEqual({ [ann.id]: 'owner', [cleo.id]: 'manager', [bob.id]: 'member', [dan.id]: 'member' });
    });
  });

  describe('at least one owner', () => {
    it('keeps the last owner: he cannot leave, step down or be removed (409)', async () => {
      const g = await buildGroup(ann, { visibility: 'public' });
      await addToGroup(t.ctx, g, cleo, 'manager');
      const leave = await ann.api.delete(`/groups/${g.id}/members/${ann.id}`);
      expect(leave.status).toBe(409);
      expect(leave.body.error.code).toBe('conflict');
      expect((await ann.api.patch(`/groups/${g.id}/members/${ann.id}`, { role: 'manager' })).status).toBe(409);
      expect((await admin.api.delete(`/groups/${g.id}/members/${ann.id}`)).status).toBe(409);
      expect((await admin.api.patch(`/groups/${g.id}/members/${ann.id}`, { role: 'member' })).status).toBe(409);
      // With a second owner, he may go.
      expect((await ann.api.patch(`/groups/${g.id}/members/${cleo.id}`, { role: 'owner' })).status).toBe(200);
      expect((await ann.api.delete(`/groups/${g.id}/members/${ann.id}`)).status).toBe(204);
      expect((await cleo.api.delete(`/groups/${g.id}/members/${cleo.id}`)).status).toBe(409);
    });

    async function owners(groupId: string) {
      return t.ctx.db.selectFrom('group_members').select('user_id').where('group_id', '=', groupId).where('role', '=', 'owner').execute();
    }

    it('two owners demoting each other at the same moment: one wins, one owner remains', async () => {
      for (let round = 0; round < 5; round++) {
        const g = await buildGroup(ann, { visibility: 'public' });
        await addToGroup(t.ctx, g, bob, 'owner');
        const results = await Promise.all([
          ann.api.patch(`/groups/${g.id}/members/${bob.id}`, { role: 'member' }),
          bob.api.patch(`/groups/${g.id}/members/${ann.id}`, { role: 'member' }),
        ]);
        const statuses = results.map((r) => r.status).sort();
        expect(statuses[0], JSON.stringify(results.map((r) => r.body))).toBe(200);
        expect([403, 409]).toContain(statuses[1]);
        expect(await owners(g.id)).toHaveLength(1);
      }
    });

    it('two owners leaving at the same moment: one owner remains', async () => {
      for (let round = 0; round < 5; round++) {
        const g = await buildGroup(ann, { visibility: 'private' });
        await addToGroup(t.ctx, g, bob, 'owner');
        const results = await Promise.all([ann.api.delete(`/groups/${g.id}/members/${ann.id}`), bob.api.delete(`/groups/${g.id}/members/${bob.id}`)]);
        expect(results.map((r) => r.status).sort()).toEqual([204, 409]);
        expect(await owners(g.id)).toHaveLength(1);
      }
    });
  });

  describe('archiving', () => {
    it('makes a group read-only but readable, and unarchiving opens it again', async () => {
      const g = await buildGroup(ann, { visibility: 'private' });
      await addToGroup(t.ctx, g, cleo, 'manager');
      await addToGroup(t.ctx, g, bob);
      const post = await buildPost(bob, 'before the archive', { groupId: g.id });
      const comment = await buildComment(bob, post.id, 'a comment');
      const dan = await buildUser(t.ctx, t.app);
      await dan.api.post(`/groups/${g.id}/join`);

      expect((await bob.api.patch(`/groups/${g.id}`, { archived: true })).status).toBe(403);
      const archived = await cleo.api.patch(`/groups/${g.id}`, { archived: true });
      expect(archived.status).toBe(200);
      expect(archived.body.group.archived).toBe(true);

      const before = await t.ctx.db.selectFrom('posts').selectAll().where('group_id', '=', g.id).execute();
      const refused: [string, Promise<{ status: number }>][] = [
        ['post', bob.api.post('/posts', { body: 'after', groupId: g.id })],
        ['announce', ann.api.post('/posts', { body: 'after', groupId: g.id, announcement: true })],
        ['comment', bob.api.post(`/posts/${post.id}/comments`, { body: 'after' })],
        ['react', bob.api.put(`/posts/${post.id}/reactions/like`)],
        ['unreact', bob.api.delete(`/posts/${post.id}/reactions/like`)],
        ['edit post', bob.api.patch(`/posts/${post.id}`, { body: 'changed' })],
        ['delete post', admin.api.delete(`/posts/${post.id}`)],
        ['edit comment', bob.api.patch(`/comments/${comment.id}`, { body: 'changed' })],
        ['delete comment', bob.api.delete(`/comments/${comment.id}`)],
        ['add member', ann.api.post(`/groups/${g.id}/members`, { userId: (await buildUser(t.ctx, t.app)).id })],
        ['change role', ann.api.patch(`/groups/${g.id}/members/${bob.id}`, { role: 'manager' })],
        ['approve', ann.api.post(`/groups/${g.id}/requests/${dan.id}/approve`)],
        ['rename', ann.api.patch(`/groups/${g.id}`, { name: 'renamed' })],
        ['join', (await buildUser(t.ctx, t.app)).api.post(`/groups/${g.id}/join`)],
      ];
      for (const [what, res] of refused) expect((await res).status, what).toBe(403);
      expect(await t.ctx.db.selectFrom('posts').selectAll().where('group_id', '=', g.id).execute()).toEqual(before);

      expect((await bob.api.get(`/groups/${g.id}`)).status).toBe(200);
      expect(ids(await bob.api.get(`/groups/${g.id}/posts`))).toEqual([post.id]);
      expect((await bob.api.get(`/posts/${post.id}`)).status).toBe(200);
      expect(ids(await bob.api.get(`/posts/${post.id}/comments`))).toEqual([comment.id]);
      expect((await bob.api.get(`/groups/${g.id}/members`)).status).toBe(200);
      expect(ids(await bob.api.get('/feed'))).toContain(post.id);

      const reopened = await cleo.api.patch(`/groups/${g.id}`, { archived: false });
      expect(reopened.status).toBe(200);
      expect(reopened.body.group.archived).toBe(false);
      expect((await bob.api.post('/posts', { body: 'after', groupId: g.id })).status).toBe(201);
      expect((await bob.api.post(`/posts/${post.id}/comments`, { body: 'after' })).status).toBe(201);
    });

    it('orders archiving and posting: a post either lands before the archive or is refused', async () => {
      for (let round = 0; round < 5; round++) {
        const g = await buildGroup(ann, { visibility: 'public' });
        const [post, archive] = await Promise.all([
          ann.api.post('/posts', { body: 'racing', groupId: g.id }),
          ann.api.patch(`/groups/${g.id}`, { archived: true }),
        ]);
        expect(archive.status).toBe(200);
        expect([201, 403]).toContain(post.status);
        const row = await t.ctx.db.selectFrom('groups').select('archived_at').where('id', '=', g.id).executeTakeFirstOrThrow();
        if (post.status === 201) expect(post.body.post.createdAt <= row.archived_at!).toBe(true);
      }
    });
  });

  describe('feeds', () => {
    it('shows group posts on the group page and in its members\u2019 home feeds only', async () => {
      const pub = await buildGroup(ann, { visibility: 'public' });
      const priv = await buildGroup(ann, { visibility: 'private' });
      await addToGroup(t.ctx, pub, bob);
      await addToGroup(t.ctx, priv, bob);
      const inPub = await buildPost(ann, 'public group news', { groupId: pub.id });
      const inPriv = await buildPost(ann, 'private group news', { groupId: priv.id });
      expect(inPub.group).toEqual({ id: pub.id, name: expect.any(String) });

      const feedOf = async (u: TestUser) => ids(await u.api.get('/feed?limit=100'));
      expect(await feedOf(bob)).toEqual(expect.arrayContaining([inPub.id, inPriv.id]));
      // A colleague may read the public group, but it does not fill his feed until he joins.
      expect(await feedOf(cleo)).not.toContain(inPub.id);
      expect(await feedOf(cleo)).not.toContain(inPriv.id);
      expect(ids(await cleo.api.get(`/groups/${pub.id}/posts`))).toEqual([inPub.id]);
      expect(ids(await ann.api.get(`/groups/${priv.id}/posts`))).toEqual([inPriv.id]);

      await bob.api.delete(`/groups/${priv.id}/members/${bob.id}`);
      expect(await feedOf(bob)).not.toContain(inPriv.id);
      expect(await feedOf(bob)).toContain(inPub.id);
    });

    it('pages the group feed newest first', async () => {
      const g = await buildGroup(ann, { visibility: 'public' });
      const made: string[] = [];
      for (let i = 0; i < 7; i++) made.push((await buildPost(ann, `post ${i}`, { groupId: g.id })).id);
      const first = await bob.api.get(`/groups/${g.id}/posts?limit=4`);
      const second = await bob.api.get(`/groups/${g.id}/posts?limit=4&cursor=${first.body.nextCursor}`);
      expect([...ids(first), ...ids(second)]).toEqual([...made].reverse());
      expect(second.body.nextCursor).toBeNull();
    });
  });

  describe('announcements', () => {
    it('company-wide by admins only, group ones by the group\u2019s owners and admins only', async () => {
      const g = await buildGroup(ann, { visibility: 'public' });
      await addToGroup(t.ctx, g, cleo, 'manager');
      await addToGroup(t.ctx, g, bob);
      expect((await admin.api.post('/posts', { body: 'all hands', announcement: true })).status).toBe(201);
      expect((await ann.api.post('/posts', { body: 'all hands', announcement: true })).status).toBe(403);
      expect((await ann.api.post('/posts', { body: 'group news', groupId: g.id, announcement: true })).status).toBe(201);
      expect((await cleo.api.post('/posts', { body: 'group news', groupId: g.id, announcement: true })).status).toBe(403);
      expect((await bob.api.post('/posts', { body: 'group news', groupId: g.id, announcement: true })).status).toBe(403);
      // An admin manages every group, so he may speak to one he is not in.
      expect((await admin.api.post('/posts', { body: 'from the admin', groupId: g.id, announcement: true })).status).toBe(201);
      expect((await admin.api.post('/posts', { body: 'not an announcement', groupId: g.id })).status).toBe(403);
      expect((await ann.api.post('/posts', { body: 'x', announcementExpiresAt: '2099-01-01T00:00:00Z' })).status).toBe(400);
    });

    it('lists the active undismissed ones the caller may see, newest first; expired ones go; dismissing is per person', async () => {
      const realNow = t.ctx.clock.now;
      const g = await buildGroup(ann, { visibility: 'public' });
      const other = await buildGroup(ann, { visibility: 'public' });
      const dan = await buildUser(t.ctx, t.app);
      await addToGroup(t.ctx, g, dan);
      // Clear what earlier tests announced, for both of them.
      for (const u of [dan, cleo]) for (const a of (await u.api.get('/announcements')).body.items) await u.api.post(`/announcements/${a.id}/dismiss`);

      const soon = new Date(Date.now() + 3_600_000);
      soon.setUTCMilliseconds(0);
      const company = await buildPost(admin, 'company', { announcement: true });
      const ending = await buildPost(admin, 'ends soon', { announcement: true, announcementExpiresAt: soon.toISOString().replace('.000Z', 'Z') });
      const group = await buildPost(ann, 'group', { groupId: g.id, announcement: true });
      const elsewhere = await buildPost(ann, 'other group', { groupId: other.id, announcement: true });
      await buildPost(admin, 'a plain post');

      expect(ids(await dan.api.get('/announcements'))).toEqual([group.id, ending.id, company.id]);
      // Not his group: a public group's announcement stays in that group.
      expect(ids(await dan.api.get('/announcements'))).not.toContain(elsewhere.id);
      expect(ids(await cleo.api.get('/announcements'))).toEqual([ending.id, company.id]);
      expect((await dan.api.get('/announcements')).body.items[1].announcement).toEqual({ expiresAt: soon.toISOString() });

      try {
        t.ctx.clock.now = () => new Date(soon.getTime() - 1);
        expect(ids(await dan.api.get('/announcements'))).toEqual([group.id, ending.id, company.id]);
        t.ctx.clock.now = () => new Date(soon.getTime() + 1);
        expect(ids(await dan.api.get('/announcements'))).toEqual([group.id, company.id]);
      } finally {
        t.ctx.clock.now = realNow;
      }

      expect((await dan.api.post(`/announcements/${company.id}/dismiss`)).status).toBe(204);
      expect((await dan.api.post(`/announcements/${company.id}/dismiss`)).status).toBe(204);
      expect(ids(await dan.api.get('/announcements'))).toEqual([group.id, ending.id]);
      expect(ids(await cleo.api.get('/announcements'))).toEqual([ending.id, company.id]);
      // A plain post is not an announcement to dismiss.
      const plain = await buildPost(admin, 'plain');
      expect((await dan.api.post(`/announcements/${plain.id}/dismiss`)).status).toBe(404);
      // The posts stay posts: still readable, still in feeds.
      expect((await dan.api.get(`/posts/${company.id}`)).body.post.announcement).toEqual({ expiresAt: null });
    });
  });

  describe('moderation by the group\u2019s owners and managers', () => {
    it('edit and delete posts in their group, not elsewhere', async () => {
      const g = await buildGroup(ann, { visibility: 'public' });
      const h = await buildGroup(bob, { visibility: 'public' });
      await addToGroup(t.ctx, g, cleo, 'manager');
      await addToGroup(t.ctx, g, bob);
      await addToGroup(t.ctx, h, cleo);
      const dan = await buildUser(t.ctx, t.app);
      await addToGroup(t.ctx, g, dan);
      await addToGroup(t.ctx, h, dan);

      const inG = await buildPost(dan, 'in g', { groupId: g.id });
      const inH = await buildPost(dan, 'in h', { groupId: h.id });
      const companyPost = await buildPost(dan, 'no group');
      expect((await cleo.api.get(`/posts/${inG.id}`)).body.post).toMatchObject({ canEdit: true, canDelete: true });
      expect((await cleo.api.get(`/posts/${inH.id}`)).body.post).toMatchObject({ canEdit: false, canDelete: false });
      expect((await bob.api.get(`/posts/${inG.id}`)).body.post).toMatchObject({ canEdit: false, canDelete: false });

      const edited = await cleo.api.patch(`/posts/${inG.id}`, { body: 'moderated' });
      expect(edited.status).toBe(200);
      expect(edited.body.post.body).toBe('moderated');
      expect((await cleo.api.patch(`/posts/${inH.id}`, { body: 'moderated' })).status).toBe(403);
      expect((await cleo.api.patch(`/posts/${companyPost.id}`, { body: 'moderated' })).status).toBe(403);
      expect((await bob.api.delete(`/posts/${inG.id}`)).status).toBe(403);
      expect((await ann.api.delete(`/posts/${inG.id}`)).status).toBe(204);
      expect((await bob.api.delete(`/posts/${inH.id}`)).status).toBe(204);
      expect((await cleo.api.get(`/posts/${inG.id}`)).status).toBe(404);
    });
  });
});
