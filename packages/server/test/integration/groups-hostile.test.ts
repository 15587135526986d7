import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToGroup, buildComment, buildGroup, buildGuest, buildOrg, buildPost, buildUser, follow, type TestGroup, type TestUser } from '../factories.js';
import { client, createTestApp, type Client, type Res, type TestApp } from '../harness.js';
import { routeTable } from '../routes.js';

/**
 * The side paths where real products leaked group and guest content (SECURITY.md #1, #3, #8),
 * walked by those who must find nothing: a guest of another customer group, a colleague outside
 * the private, unlisted and customer groups, and nobody at all. What they may not see answers
 * exactly like what does not exist: same status, same body.
 */

const MISSING = '01HZZZZZZZZZZZZZZZZZZZZZZZ';
const ids = (items: { id: string }[]) => items.map((x) => x.id);
const cursorOf = (parts: string[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');

type SecretKind = 'private' | 'unlisted' | 'customer';
const SECRET_KINDS: SecretKind[] = ['private', 'unlisted', 'customer'];

interface Secret {
  group: TestGroup;
  post: string;
  comment: string;
  announcement: string;
  /** The group's chat and a message in it. */
  chat: string;
  chatMessage: string;
}

describe('hostile: side paths into groups', () => {
  let t: TestApp;
  let admin: TestUser;
  /** Owner of every group here. */
  let olga: TestUser;
  /** A colleague in every group here. */
  let mia: TestUser;
  /** A colleague in none of them. */
  let nick: TestUser;
  /** The guest of the customer group. */
  let gus: TestUser;
  /** A guest of another customer group ("theirs"). */
  let oscar: TestUser;
  /** A colleague who asked to join the private group. */
  let asker: TestUser;
  let pub: TestGroup;
  let theirs: TestGroup;
  let pubPost: string;
  let companyPost: string;
  /** Conversations of group members that nobody else is in: Mia and Olga's direct one, and one with Gus. */
  const conversations: { id: string; message: string; withGus: boolean }[] = [];
  const secret = {} as Record<SecretKind, Secret>;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await buildOrg(t.ctx, t.app);
    olga = await buildUser(t.ctx, t.app, { name: 'Olga Owner' });
    mia = await buildUser(t.ctx, t.app, { name: 'Mia Member' });
    nick = await buildUser(t.ctx, t.app, { name: 'Nick Nonmember' });
    asker = await buildUser(t.ctx, t.app, { name: 'Asa Asker' });
    const tess = await buildUser(t.ctx, t.app, { name: 'Tess Their Owner' });
    theirs = await buildGroup(tess, { name: 'Their Customer Room', customer: true });
    oscar = await buildGuest(t.ctx, t.app, [theirs], { name: 'Oscar Other' });
    pub = await buildGroup(olga, { name: 'Open Forum', visibility: 'public' });
    await addToGroup(t.ctx, pub, mia);
    for (const kind of SECRET_KINDS) {
      const group = await buildGroup(olga, {
        name: `Hidden ${kind} room`,
        description: `codename-${kind}`,
        visibility: kind === 'customer' ? 'private' : kind,
        customer: kind === 'customer',
      });
      await addToGroup(t.ctx, group, mia);
      if (kind === 'customer') gus = await buildGuest(t.ctx, t.app, [group], { name: 'Gus Guest' });
      const post = (await buildPost(mia, `secret ${kind} plans #secret @${nick.handle} @${olga.handle}`, { groupId: group.id })).id;
      const comment = (await buildComment(olga, post, `secret ${kind} reply`)).id;
      await buildComment(mia, post, 'another secret reply');
      await olga.api.put(`/posts/${post}/reactions/like`);
      if (kind === 'customer') {
        await buildComment(gus, post, 'a guest reply');
        await gus.api.put(`/posts/${post}/reactions/like`);
      }
      const announcement = (await buildPost(olga, `secret ${kind} announcement`, { groupId: group.id, announcement: true })).id;
      const chat = (await mia.api.get(`/groups/${group.id}/chat`)).body.conversation.id;
      const chatMessage = (await mia.api.post(`/conversations/${chat}/messages`, { body: `secret ${kind} chat @${olga.handle}` })).body.message.id;
      await olga.api.post(`/conversations/${chat}/messages`, { body: 'a newer chat message' });
      secret[kind] = { group, post, comment, announcement, chat, chatMessage };
    }
    for (const memberIds of [[olga.id], [olga.id, gus.id]]) {
      const conv = (await mia.api.post('/conversations', { memberIds })).body.conversation.id;
      const message = (await mia.api.post(`/conversations/${conv}/messages`, { body: 'between us' })).body.message.id;
      await olga.api.post(`/conversations/${conv}/messages`, { body: 'indeed' });
      conversations.push({ id: conv, message, withGus: memberIds.includes(gus.id) });
    }
    await asker.api.post(`/groups/${secret.private.group.id}/join`);
    pubPost = (await buildPost(mia, 'open talk #secret', { groupId: pub.id })).id;
    await buildComment(olga, pubPost, 'open reply');
    await olga.api.put(`/posts/${pubPost}/reactions/like`);
    companyPost = (await buildPost(mia, 'company talk #secret')).id;
    // Follows that cross the walls: they must not show through counts and lists.
    await follow(nick, mia);
    await follow(olga, gus);
    await follow(gus, olga);
    await follow(gus, mia);
    await nick.api.post('/topics/secret/follow');
    await olga.api.post('/topics/secret/follow');
  });
  afterAll(() => t.close());

  /** Who attacks which group: a guest of another customer group and nobody, always; a colleague outside it; a guest of no such group. */
  const attackers = (kind: SecretKind) => [
    { name: 'guest of another group', as: () => oscar.api },
    { name: 'colleague outside', as: () => nick.api },
    ...(kind !== 'customer' ? [{ name: 'guest of the customer group', as: () => gus.api }] : []),
    { name: 'anonymous', as: () => client(t.app) },
  ];
  const cases = SECRET_KINDS.flatMap((kind) => attackers(kind).map((a) => ({ kind, attacker: a.name, as: a.as })));
  const signedIn = cases.filter((c) => c.attacker !== 'anonymous');

  async function snapshot() {
    const out: Record<string, string[]> = {};
    for (const table of [
      'users',
      'groups',
      'group_members',
      'group_join_requests',
      'invitations',
      'posts',
      'comments',
      'reactions',
      'post_mentions',
      'announcement_dismissals',
      'follows',
      'topic_follows',
      'conversations',
      'conversation_members',
      'messages',
    ]) {
      out[table] = (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(t.ctx.db)).rows.map((r) => JSON.stringify(r)).sort();
    }
    return out;
  }

  async function allItems(api: Client, url: string): Promise<any[]> {
    const items: any[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 50; i++) {
      const res: Res = await api.get(`${url}${url.includes('?') ? '&' : '?'}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status, url).toBe(200);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
      if (!cursor) break;
    }
    return items;
  }

  describe.each(signedIn)('$attacker, $kind group', ({ kind, attacker, as }) => {
    const s = () => secret[kind];

    it('topic pages and counts show none of it', async () => {
      const posts = await allItems(as(), '/topics/secret/posts');
      expect(ids(posts)).not.toContain(s().post);
      const topic = (await as().get('/topics/secret')).body.topic;
      expect(topic.postsCount).toBe(posts.length);
      // Followers: nick and olga follow #secret; a guest sees only olga, and only if she is in his group.
      expect(topic.followersCount).toBe({ 'colleague outside': 2, 'guest of the customer group': 1, 'guest of another group': 0 }[attacker]);
    });

    it('walls show none of it', async () => {
      for (const who of [mia, olga]) {
        const res = await as().get(`/users/${who.id}/posts?limit=100`);
        if (attacker === 'colleague outside') {
          expect(res.status).toBe(200);
          expect(ids(res.body.items)).not.toContain(s().post);
          expect(ids(res.body.items)).not.toContain(s().announcement);
        } else {
          expect(res.status).toBe(404);
        }
      }
    });

    it('the home feed and announcements show none of it, mentions and follows notwithstanding', async () => {
      const feed = await allItems(as(), '/feed');
      for (const id of [s().post, s().announcement]) expect(ids(feed)).not.toContain(id);
      expect(ids((await as().get('/announcements')).body.items)).not.toContain(s().announcement);
    });

    it('search and autocomplete do not find its people or the group', async () => {
      // The guest of the customer group exists only for those sharing a group with him.
      if (attacker !== 'guest of the customer group') expect(ids((await as().get(`/users?q=${encodeURIComponent('Gus Guest')}`)).body.items)).toEqual([]);
      // Guests find only the people of their own groups (Mia and Olga are in the customer group).
      const strangers = { 'colleague outside': [], 'guest of the customer group': ['Nick'], 'guest of another group': ['Mia', 'Olga', 'Nick'] }[attacker]!;
      for (const q of strangers) expect(ids((await as().get(`/users?q=${q}`)).body.items), q).toEqual([]);
      const groups = await allItems(as(), `/groups?q=${encodeURIComponent(`codename-${kind}`)}`);
      expect(ids(groups)).toEqual(attacker === 'colleague outside' && kind !== 'unlisted' ? [s().group.id] : []);
      for (const g of groups) expect(g).toMatchObject({ canRead: false, myRole: null });
    });

    it('counts: membersCount only where the group exists for him; no comments or reactions of it anywhere', async () => {
      const res = await as().get(`/groups/${s().group.id}`);
      if (attacker === 'colleague outside' && kind !== 'unlisted') {
        // A private group shows its member count, so that one may ask to join; nothing more.
        expect(res.status).toBe(200);
        expect(res.body.group.membersCount).toBe(kind === 'customer' ? 3 : 2);
      } else {
        expect(res.status).toBe(404);
      }
      // Posts he can read carry only counts of what he can read.
      for (const p of await allItems(as(), '/topics/secret/posts')) {
        const comments = await allItems(as(), `/posts/${p.id}/comments`);
        expect(p.commentsCount, p.id).toBe(comments.length);
        for (const c of p.latestComments) expect(ids(comments)).toContain(c.id);
      }
    });

    it('who liked, comments, the permalink: 404 like a missing post, and nothing written', async () => {
      const before = await snapshot();
      const pairs: [string, (id: string) => Promise<Res>][] = [
        ['GET /posts/:id', (id) => as().get(`/posts/${id}`)],
        ['GET /posts/:id/comments', (id) => as().get(`/posts/${id}/comments`)],
        ['PUT like', (id) => as().put(`/posts/${id}/reactions/like`)],
        ['DELETE like', (id) => as().delete(`/posts/${id}/reactions/like`)],
        ['POST comment', (id) => as().post(`/posts/${id}/comments`, { body: 'let me in' })],
      ];
      for (const [what, call] of pairs) {
        const real = await call(s().post);
        const missing = await call(MISSING);
        expect(real.status, what).toBe(404);
        expect(real.body, what).toEqual(missing.body);
      }
      expect(await snapshot()).toEqual(before);
    });

    it('the list of conversations holds none of its chats or its members’ conversations, whatever the cursor', async () => {
      // (Gus is in one of them himself.)
      const hidden = [s().chat, ...conversations.filter((c) => !(c.withGus && attacker === 'guest of the customer group')).map((c) => c.id)];
      for (const cursor of [null, cursorOf(['9999-12-31T23:59:59.999Z', '~']), cursorOf(['0', '0'])]) {
        const res = await as().get(`/conversations?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.status).toBe(200);
        for (const id of hidden) expect(ids(res.body.items)).not.toContain(id);
        for (const c of res.body.items) expect(JSON.stringify(c)).not.toContain(`secret ${kind} chat`);
      }
    });

    it('crafted cursors replay nothing of it', async () => {
      // A member's real cursor from inside the group's feed, replayed on every list he can reach.
      const inside = await mia.api.get(`/groups/${s().group.id}/posts?limit=1`);
      const newest = `${s().announcement}Z`; // just after the group's newest post
      const cursors = [inside.body.nextCursor, cursorOf([newest]), cursorOf(['~~~~'])].filter(Boolean) as string[];
      expect(cursors.length).toBe(3);
      for (const cursor of cursors) {
        for (const url of ['/feed', '/topics/secret/posts', `/users/${mia.id}/posts`, `/groups/${pub.id}/posts`, `/groups/${s().group.id}/posts`]) {
          const res = await as().get(`${url}?cursor=${encodeURIComponent(cursor)}&limit=100`);
          if (res.status === 200) {
            for (const id of [s().post, s().announcement]) expect(ids(res.body.items), `${url} ${cursor}`).not.toContain(id);
          } else {
            expect(res.status, url).toBe(404);
          }
        }
      }
      // The members list's cursor of the secret group, replayed on a group he may read, lists that group only.
      const membersCursor = cursorOf(['9999-12-31T23:59:59.999Z', '~']);
      const res = await as().get(`/groups/${pub.id}/members?cursor=${membersCursor}`);
      if (attacker === 'colleague outside') {
        expect(res.body.items.map((m: { user: { id: string } }) => m.user.id).sort()).toEqual([olga.id, mia.id].sort());
      }
      // Comments of the secret post never come through another post's comment list.
      const comments = await as().get(`/posts/${companyPost}/comments?cursor=${cursorOf(['0'])}`);
      if (comments.status === 200) expect(ids(comments.body.items)).not.toContain(s().comment);
      // The group directory, started right before the hidden group's name.
      const dir = await as().get(`/groups?cursor=${cursorOf([`Hidden ${kind} room`.slice(0, -1), ''])}&limit=100`);
      expect(dir.status).toBe(200);
      if (!(attacker === 'colleague outside' && kind !== 'unlisted')) expect(ids(dir.body.items)).not.toContain(s().group.id);
      // A cursor of the wrong shape is refused, not guessed at.
      expect((await as().get(`/groups?cursor=${cursorOf(['one'])}`)).status).toBe(400);
    });
  });

  describe('mentions', () => {
    it('a guest naming a colleague outside his groups makes neither a link nor a mention', async () => {
      for (const [guest, group] of [
        [gus, secret.customer.group],
        [oscar, theirs],
      ] as const) {
        const res = await guest.api.post('/posts', { body: `@${nick.handle} and @${admin.handle} look`, groupId: group.id });
        expect(res.status).toBe(201);
        expect(res.body.post.mentions).toEqual([]);
        expect(res.body.post.html).not.toContain('class="mention"');
        expect(res.body.post.html).not.toContain(nick.id);
        const comment = await guest.api.post(`/posts/${res.body.post.id}/comments`, { body: `@${nick.handle}?` });
        expect(comment.body.comment.html).not.toContain('class="mention"');
        expect(await t.ctx.db.selectFrom('post_mentions').selectAll().where('post_id', '=', res.body.post.id).execute()).toEqual([]);
      }
    });

    it('nobody links a guest where he cannot read: not in company posts, walls, public groups or other groups', async () => {
      const other = await buildGroup(olga, { visibility: 'private' });
      const places: [string, Record<string, unknown>][] = [
        ['company post', {}],
        ['wall post', { wallUserId: mia.id }],
        ['public group', { groupId: pub.id }],
        ['another private group', { groupId: other.id }],
      ];
      for (const [where, target] of places) {
        const res = await olga.api.post('/posts', { body: `hello @${gus.handle}`, ...target });
        expect(res.status, where).toBe(201);
        expect(res.body.post.mentions, where).toEqual([]);
        expect(res.body.post.html, where).not.toContain(gus.id);
        // Nor by editing.
        const edited = await olga.api.patch(`/posts/${res.body.post.id}`, { body: `again @${gus.handle}` });
        expect(edited.body.post.html, where).not.toContain(gus.id);
        const comment = await olga.api.post(`/posts/${res.body.post.id}/comments`, { body: `and @${gus.handle}` });
        expect(comment.body.comment.html, where).not.toContain(gus.id);
      }
      // In his own group he is mentioned like anyone.
      const inside = await olga.api.post('/posts', { body: `hello @${gus.handle}`, groupId: secret.customer.group.id });
      expect(inside.body.post.mentions).toEqual([gus.id]);
      expect(inside.body.post.html).toContain(`data-user-id="${gus.id}"`);
    });

    it('a colleague cannot name a guest he shares no group with', async () => {
      const res = await nick.api.post('/posts', { body: `@${gus.handle} @${oscar.handle}` });
      expect(res.body.post.mentions).toEqual([]);
    });
  });

  describe('people around the groups', () => {
    it('follower counts and lists leave out the guests the viewer cannot see', async () => {
      const olgaForNick = (await nick.api.get(`/users/${olga.id}`)).body.user;
      const olgaForAdmin = (await admin.api.get(`/users/${olga.id}`)).body.user;
      expect(olgaForAdmin.followingCount - olgaForNick.followingCount).toBe(1);
      expect(olgaForAdmin.followersCount - olgaForNick.followersCount).toBe(1);
      expect(ids((await nick.api.get(`/users/${olga.id}/following`)).body.items)).not.toContain(gus.id);
      expect(ids((await nick.api.get(`/users/${olga.id}/followers`)).body.items)).not.toContain(gus.id);
      expect(ids((await nick.api.get(`/users/${mia.id}/followers`)).body.items)).not.toContain(gus.id);
      expect(ids((await olga.api.get(`/users/${olga.id}/followers`)).body.items)).toContain(gus.id);
      // The guest's view: only people of his group, so nick's follow of mia is not his to see.
      expect((await gus.api.get(`/users/${mia.id}`)).body.user.followersCount).toBe(1);
      expect(ids((await gus.api.get(`/users/${mia.id}/followers`)).body.items)).toEqual([gus.id]);
    });

    it('a guest has no wall: nobody posts on it', async () => {
      for (const who of [olga, mia, admin, nick]) {
        const res = await who.api.post('/posts', { body: 'on your wall', wallUserId: gus.id });
        expect(res.status).toBe(404);
        expect(res.body).toEqual((await who.api.post('/posts', { body: 'on your wall', wallUserId: MISSING })).body);
      }
    });

    it('a private group shows nothing of its content to a colleague outside: not its members, requests or posts', async () => {
      for (const url of ['members', 'posts']) {
        const real = await nick.api.get(`/groups/${secret.private.group.id}/${url}`);
        expect(real.status).toBe(404);
        expect(real.body).toEqual((await nick.api.get(`/groups/${MISSING}/${url}`)).body);
      }
      expect((await nick.api.get(`/groups/${secret.private.group.id}/requests`)).status).toBe(403);
      const post = await nick.api.post('/posts', { body: 'in', groupId: secret.private.group.id });
      expect(post.status).toBe(404);
      expect(post.body).toEqual((await nick.api.post('/posts', { body: 'in', groupId: MISSING })).body);
    });

    it('one group\u2019s people and requests are not reachable through another group\u2019s routes', async () => {
      // Olga leads the public group too: she may not answer the private group's request there, nor
      // manage the private group's members through it.
      const before = await snapshot();
      const approve = await olga.api.post(`/groups/${pub.id}/requests/${asker.id}/approve`);
      expect(approve.status).toBe(404);
      const stranger = await buildUser(t.ctx, t.app);
      const own = await buildGroup(stranger, { visibility: 'public' });
      expect((await stranger.api.patch(`/groups/${own.id}/members/${mia.id}`, { role: 'manager' })).status).toBe(404);
      expect((await stranger.api.delete(`/groups/${own.id}/members/${mia.id}`)).status).toBe(404);
      expect((await stranger.api.post(`/groups/${own.id}/requests/${asker.id}/decline`)).status).toBe(404);
      const after = await snapshot();
      // (the stranger's own group is the only change)
      expect(after.group_join_requests).toEqual(before.group_join_requests);
      expect(after.group_members.filter((m) => !m.includes(own.id))).toEqual(before.group_members);
    });
  });

  describe('ids of other groups\u2019 objects, passed to every route that takes an id', () => {
    /** The routes that take an object's id, each with what to put where. `target` says which secret it aims at. */
    type IdRoute = {
      method: 'get' | 'post' | 'patch' | 'put' | 'delete';
      url: string;
      /** `chat`: a group's chat through the group's id; `conversation`: the groups' chats and their members' conversations. */
      target: 'post' | 'comment' | 'announcement' | 'group' | 'user' | 'chat' | 'conversation';
      body?: Record<string, unknown> | string;
      headers?: Record<string, string>;
    };
    /** An upload that is no image: the group must be refused before its content is even looked at. */
    const upload = {
      body: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\nnot an image\r\n--x--\r\n',
      headers: { 'content-type': 'multipart/form-data; boundary=x' },
    };
    const ID_ROUTES: IdRoute[] = [
      { method: 'get', url: '/posts/:id', target: 'post' },
      { method: 'patch', url: '/posts/:id', target: 'post', body: { body: 'overwritten' } },
      { method: 'delete', url: '/posts/:id', target: 'post' },
      { method: 'get', url: '/posts/:id/comments', target: 'post' },
      { method: 'post', url: '/posts/:id/comments', target: 'post', body: { body: 'hi' } },
      { method: 'put', url: '/posts/:id/reactions/:kind', target: 'post' },
      { method: 'delete', url: '/posts/:id/reactions/:kind', target: 'post' },
      { method: 'patch', url: '/comments/:id', target: 'comment', body: { body: 'overwritten' } },
      { method: 'delete', url: '/comments/:id', target: 'comment' },
      { method: 'post', url: '/announcements/:id/dismiss', target: 'announcement' },
      { method: 'get', url: '/groups/:id', target: 'group' },
      { method: 'patch', url: '/groups/:id', target: 'group', body: { description: 'mine now' } },
      { method: 'get', url: '/groups/:id/posts', target: 'group' },
      { method: 'get', url: '/groups/:id/photo', target: 'group' },
      { method: 'put', url: '/groups/:id/photo', target: 'group', ...upload },
      { method: 'get', url: '/groups/:id/members', target: 'group' },
      { method: 'post', url: '/groups/:id/members', target: 'group', body: { userId: 'SELF' } },
      { method: 'patch', url: '/groups/:id/members/:userId', target: 'group', body: { role: 'owner' } },
      { method: 'delete', url: '/groups/:id/members/:userId', target: 'group' },
      { method: 'post', url: '/groups/:id/join', target: 'group' },
      { method: 'get', url: '/groups/:id/requests', target: 'group' },
      { method: 'post', url: '/groups/:id/requests/:userId/approve', target: 'group' },
      { method: 'post', url: '/groups/:id/requests/:userId/decline', target: 'group' },
      { method: 'post', url: '/groups/:id/invitations', target: 'group', body: { email: 'spy@evil.test' } },
      { method: 'get', url: '/users/:id', target: 'user' },
      { method: 'patch', url: '/users/:id', target: 'user', body: { title: 'pwned' } },
      { method: 'get', url: '/users/:id/avatar', target: 'user' },
      { method: 'post', url: '/users/:id/follow', target: 'user' },
      { method: 'delete', url: '/users/:id/follow', target: 'user' },
      { method: 'get', url: '/users/:id/followers', target: 'user' },
      { method: 'get', url: '/users/:id/following', target: 'user' },
      { method: 'get', url: '/users/:id/reports', target: 'user' },
      { method: 'get', url: '/users/:id/posts', target: 'user' },
      { method: 'get', url: '/groups/:id/chat', target: 'chat' },
      { method: 'get', url: '/conversations/:id', target: 'conversation' },
      { method: 'get', url: '/conversations/:id/messages', target: 'conversation' },
      { method: 'post', url: '/conversations/:id/messages', target: 'conversation', body: { body: 'let me in', clientId: 'spy-1' } },
      { method: 'patch', url: '/conversations/:id/messages/:messageId', target: 'conversation', body: { body: 'overwritten' } },
      { method: 'delete', url: '/conversations/:id/messages/:messageId', target: 'conversation' },
      { method: 'post', url: '/conversations/:id/read', target: 'conversation', body: { messageId: 'MESSAGE' } },
    ];
    /** Routes with an id that need no such sweep: admins only (403 before anything is loaded), uploads, tokens. */
    const ELSEWHERE = new Set([
      'PUT /api/v1/users/:id/avatar',
      'POST /api/v1/users/:id/invitation',
      'DELETE /api/v1/admin/guests/:id',
      'GET /api/v1/invitations/:token',
      'POST /api/v1/invitations/:token/accept',
      'GET /api/v1/topics/:name',
      'GET /api/v1/topics/:name/posts',
      'POST /api/v1/topics/:name/follow',
      'DELETE /api/v1/topics/:name/follow',
    ]);

    it('covers every route of the app that takes an id', () => {
      const covered = new Set(ID_ROUTES.map((r) => `${r.method.toUpperCase()} /api/v1${r.url}`));
      const missing = routeTable(t.app)
        .filter((r) => r.url.startsWith('/api/') && r.url.includes(':') && r.method !== 'HEAD')
        .map((r) => `${r.method} ${r.url}`)
        .filter((key) => !covered.has(key) && !ELSEWHERE.has(key));
      expect(missing).toEqual([]);
    });

    /** Groups that do not exist for each attacker (for a colleague, only the unlisted one), and people who do not. */
    const groupsHiddenFrom = (attacker: string): SecretKind[] => (attacker === 'colleague outside' ? ['unlisted'] : SECRET_KINDS);
    const peopleHiddenFrom = (attacker: string) => (attacker === 'colleague outside' ? [gus] : attacker === 'anonymous' ? [mia] : [mia, gus]);

    it.each([
      { attacker: 'guest of another group', as: () => oscar },
      { attacker: 'colleague outside', as: () => nick },
      { attacker: 'anonymous', as: () => null },
    ])('$attacker: 404 (or 401) exactly like a missing id, and nothing changes', async ({ attacker, as }) => {
      const who = as();
      const api = who ? who.api : client(t.app);
      const before = await snapshot();
      const failures: string[] = [];
      for (const route of ID_ROUTES) {
        // Group content is hidden in all three groups; a group itself from a colleague only when unlisted.
        // A conversation's message goes with it: the real one, also beside the missing conversation id.
        const messageOf = new Map([...SECRET_KINDS.map((k) => [secret[k].chat, secret[k].chatMessage] as const), ...conversations.map((c) => [c.id, c.message] as const)]);
        const realIds =
          route.target === 'user'
            ? peopleHiddenFrom(attacker).map((u) => u.id)
            : route.target === 'conversation'
              ? [...SECRET_KINDS.map((k) => secret[k].chat), ...conversations.map((c) => c.id)]
              : (route.target === 'group' ? groupsHiddenFrom(attacker) : SECRET_KINDS).map((kind) => {
                  const s = secret[kind];
                  return { post: s.post, comment: s.comment, announcement: s.announcement, group: s.group.id, chat: s.group.id }[route.target as 'post'];
                });
        for (const realId of realIds) {
          const message = messageOf.get(realId) ?? MISSING;
          const fill = (id: string) =>
            route.url
              .replace(':id', id)
              .replace(':kind', 'like')
              .replace(':userId', route.url.includes('requests') ? asker.id : mia.id)
              .replace(':messageId', message);
          const body =
            typeof route.body === 'object'
              ? JSON.parse(JSON.stringify(route.body).replace('"SELF"', JSON.stringify(who?.id ?? nick.id)).replace('"MESSAGE"', JSON.stringify(message)))
              : route.body;
          const call = (id: string) =>
            route.method === 'get' || route.method === 'delete' ? api[route.method](fill(id)) : api[route.method](fill(id), body, route.headers);
          const real = await call(realId);
          const missing = await call(MISSING);
          const expected = who ? 404 : 401;
          if (real.status !== expected || JSON.stringify(real.body) !== JSON.stringify(missing.body)) {
            failures.push(`${route.method.toUpperCase()} ${route.url} (${realId}): ${real.status} ${JSON.stringify(real.body)} vs missing ${missing.status} ${JSON.stringify(missing.body)}`);
          }
        }
      }
      expect(failures).toEqual([]);
      expect(await snapshot()).toEqual(before);
    });

    it('a colleague outside a private group: its content answers like a missing one, its management refuses', async () => {
      for (const kind of ['private', 'customer'] as const) {
        const g = secret[kind].group.id;
        for (const url of [`/groups/${g}/posts`, `/groups/${g}/members`]) {
          const real = await nick.api.get(url);
          expect(real.status, url).toBe(404);
          expect(real.body).toEqual((await nick.api.get(url.replace(g, MISSING))).body);
        }
        // The group exists for him (he may ask to join), so managing it is refused, not hidden.
        expect((await nick.api.patch(`/groups/${g}`, { description: 'mine' })).status).toBe(403);
        expect((await nick.api.post(`/groups/${g}/members`, { userId: nick.id })).status).toBe(403);
      }
    });
  });

  it('anonymous callers get the same 401 on every side path, real id or not', async () => {
    const anon = client(t.app);
    const expected = (await anon.get(`/groups/${MISSING}`)).body;
    const urls = [
      '/groups',
      `/groups?q=${encodeURIComponent('codename-unlisted')}`,
      ...SECRET_KINDS.flatMap((k) => [`/groups/${secret[k].group.id}`, `/groups/${secret[k].group.id}/posts`, `/groups/${secret[k].group.id}/members`, `/posts/${secret[k].post}`, `/posts/${secret[k].post}/comments`]),
      `/groups/${pub.id}/posts`,
      `/groups/${pub.id}/members`,
      `/posts/${pubPost}`,
      '/topics/secret/posts',
      '/topics/secret',
      `/users/${mia.id}/posts`,
      `/users?q=${encodeURIComponent('Gus Guest')}`,
      `/users/${gus.id}`,
      '/feed',
      '/announcements',
      '/admin/guests',
      '/conversations',
      ...SECRET_KINDS.flatMap((k) => [`/groups/${secret[k].group.id}/chat`, `/conversations/${secret[k].chat}`, `/conversations/${secret[k].chat}/messages`]),
      ...conversations.flatMap((c) => [`/conversations/${c.id}`, `/conversations/${c.id}/messages`]),
    ];
    for (const url of urls) {
      const res = await anon.get(url);
      expect(res.status, url).toBe(401);
      expect(res.body, url).toEqual(expected);
    }
  });
});
