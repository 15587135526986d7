import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToGroup, buildGroup, buildGuest, buildOrg, buildUser, deactivate, type TestGroup, type TestUser } from '../factories.js';
import { client, createTestApp, type Res, type TestApp } from '../harness.js';

/**
 * What attackers and accidents do to conversations (SECURITY.md): other conversations' ids and
 * messages passed through one's own, existence leaks, crafted cursors, forged fields, mentions
 * across the guests' walls, moderators acting where they cannot read, removed and deactivated
 * people, forged cookie writes, races. What one may not see answers exactly like what does not
 * exist, and nothing is written.
 */

const MISSING = '01HZZZZZZZZZZZZZZZZZZZZZZZ';
const ids = (items: { id: string }[]) => items.map((x) => x.id);
const cursorOf = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');

describe('hostile: messaging', () => {
  let t: TestApp;
  let admin: TestUser;
  /** Owner of the customer group "portal" and of the public group "pub". */
  let olga: TestUser;
  /** In the portal and in pub (a manager there). */
  let mia: TestUser;
  /** A colleague in no group here. */
  let nick: TestUser;
  /** The portal's guest. */
  let gus: TestUser;
  /** A guest of another customer group. */
  let oscar: TestUser;
  let portal: TestGroup;
  let pub: TestGroup;
  let theirs: TestGroup;
  /** Mia and Olga's direct conversation, with messages from both. */
  let secretDm: string;
  let secretDmMessages: string[];
  /** The portal's chat, with a message of Gus. */
  let portalChat: string;
  let portalChatMessage: string;
  /** Nick's own conversation with the admin, and his message there. */
  let nickDm: string;
  let nickMessage: string;

  async function snapshot() {
    const out: Record<string, string[]> = {};
    for (const table of ['conversations', 'conversation_members', 'messages', 'group_members', 'users']) {
      out[table] = (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(t.ctx.db)).rows.map((r) => JSON.stringify(r)).sort();
    }
    return out;
  }

  const post = async (who: TestUser, url: string, body: unknown, expected = 201) => {
    const res = await who.api.post(url, body);
    if (res.status !== expected) throw new Error(`${url}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await buildOrg(t.ctx, t.app);
    olga = await buildUser(t.ctx, t.app, { name: 'Olga Owner' });
    mia = await buildUser(t.ctx, t.app, { name: 'Mia Member' });
    nick = await buildUser(t.ctx, t.app, { name: 'Nick Nonmember' });
    portal = await buildGroup(olga, { name: 'Portal', customer: true });
    await addToGroup(t.ctx, portal, mia);
    gus = await buildGuest(t.ctx, t.app, [portal], { name: 'Gus Guest' });
    const tess = await buildUser(t.ctx, t.app, { name: 'Tess Theirs' });
    theirs = await buildGroup(tess, { name: 'Their customers', customer: true });
    oscar = await buildGuest(t.ctx, t.app, [theirs], { name: 'Oscar Other' });
    pub = await buildGroup(olga, { name: 'Open room', visibility: 'public' });
    await addToGroup(t.ctx, pub, mia, 'manager');

    secretDm = (await post(mia, '/conversations', { memberIds: [olga.id] })).conversation.id;
    secretDmMessages = [
      (await post(mia, `/conversations/${secretDm}/messages`, { body: 'secret one', clientId: 'shared-key' })).message.id,
      (await post(olga, `/conversations/${secretDm}/messages`, { body: 'secret two' })).message.id,
      (await post(mia, `/conversations/${secretDm}/messages`, { body: 'secret three' })).message.id,
    ];
    portalChat = (await gus.api.get(`/groups/${portal.id}/chat`)).body.conversation.id;
    portalChatMessage = (await post(gus, `/conversations/${portalChat}/messages`, { body: 'guest talk' })).message.id;
    nickDm = (await post(nick, '/conversations', { memberIds: [admin.id] })).conversation.id;
    nickMessage = (await post(nick, `/conversations/${nickDm}/messages`, { body: 'mine' })).message.id;
  });
  afterAll(() => t.close());

  describe('other conversations\u2019 messages, passed through one\u2019s own conversation', () => {
    it('editing, deleting or marking read a foreign message: 404 / 400 like a missing one, nothing written', async () => {
      const before = await snapshot();
      for (const foreign of [...secretDmMessages, portalChatMessage]) {
        const edit = await nick.api.patch(`/conversations/${nickDm}/messages/${foreign}`, { body: 'hijacked' });
        const editMissing = await nick.api.patch(`/conversations/${nickDm}/messages/${MISSING}`, { body: 'hijacked' });
        expect(edit.status).toBe(404);
        expect(edit.body).toEqual(editMissing.body);
        const del = await nick.api.delete(`/conversations/${nickDm}/messages/${foreign}`);
        expect(del.status).toBe(404);
        expect(del.body).toEqual((await nick.api.delete(`/conversations/${nickDm}/messages/${MISSING}`)).body);
        const read = await nick.api.post(`/conversations/${nickDm}/read`, { messageId: foreign });
        expect(read.status).toBe(400);
        expect(read.body).toEqual((await nick.api.post(`/conversations/${nickDm}/read`, { messageId: MISSING })).body);
      }
      // Even a member of both conversations cannot move a message's read mark across them.
      const miaRead = await mia.api.post(`/conversations/${portalChat}/read`, { messageId: secretDmMessages[2] });
      expect(miaRead.status).toBe(400);
      expect(await snapshot()).toEqual(before);
    });

    it('a retried clientId answers only one\u2019s own message in that conversation', async () => {
      // Mia's clientId, replayed by Nick into his own conversation: a new message of his, nothing of hers.
      const res = await nick.api.post(`/conversations/${nickDm}/messages`, { body: 'same key', clientId: 'shared-key' });
      expect(res.status).toBe(201);
      expect(res.body.message).toMatchObject({ conversationId: nickDm, author: { id: nick.id }, body: 'same key' });
      // Replayed into her conversation: 404 like a missing one, not her message.
      const into = await nick.api.post(`/conversations/${secretDm}/messages`, { body: 'x', clientId: 'shared-key' });
      expect(into.status).toBe(404);
      expect(into.body).toEqual((await nick.api.post(`/conversations/${MISSING}/messages`, { body: 'x', clientId: 'shared-key' })).body);
      expect(JSON.stringify(into.body)).not.toContain('secret');
      // Olga, in the conversation, gets her own new message for the same key, never Mia's.
      const olgas = await olga.api.post(`/conversations/${secretDm}/messages`, { body: 'olga keyed', clientId: 'shared-key' });
      expect(olgas.status).toBe(201);
      expect(olgas.body.message.author.id).toBe(olga.id);
      await olga.api.delete(`/conversations/${secretDm}/messages/${olgas.body.message.id}`);
      await nick.api.delete(`/conversations/${nickDm}/messages/${res.body.message.id}`);
    });
  });

  describe('existence', () => {
    it('a person one may not see is refused exactly like one who does not exist', async () => {
      const missing = await nick.api.post('/conversations', { memberIds: [MISSING] });
      expect(missing.status).toBe(400);
      for (const [who, target] of [
        [nick, gus],
        [nick, oscar],
        [gus, nick],
        [gus, oscar],
        [oscar, mia],
      ] as const) {
        const res = await who.api.post('/conversations', { memberIds: [target.id] });
        expect(res.status).toBe(400);
        expect(res.body).toEqual((await who.api.post('/conversations', { memberIds: [MISSING] })).body);
      }
    });

    it('a chat one is not in answers 404 like a missing conversation, even in a public group that exists for him', async () => {
      const pubChat = (await olga.api.get(`/groups/${pub.id}/chat`)).body.conversation.id;
      for (const [who, chat] of [
        [nick, pubChat],
        [nick, portalChat],
        [oscar, portalChat],
        [gus, pubChat],
      ] as const) {
        for (const url of [`/conversations/:id`, `/conversations/:id/messages`]) {
          const real = await who.api.get(url.replace(':id', chat));
          expect(real.status, url).toBe(404);
          expect(real.body).toEqual((await who.api.get(url.replace(':id', MISSING))).body);
        }
      }
    });

    it('anonymous callers get the same 401 on every messaging route', async () => {
      const anon = client(t.app);
      const expected = (await anon.get('/conversations')).body;
      expect((await anon.get('/conversations')).status).toBe(401);
      const calls: Promise<Res>[] = [
        anon.post('/conversations', { memberIds: [mia.id] }),
        anon.get(`/conversations/${secretDm}`),
        anon.get(`/conversations/${secretDm}/messages`),
        anon.post(`/conversations/${secretDm}/messages`, { body: 'anon' }),
        anon.patch(`/conversations/${secretDm}/messages/${secretDmMessages[0]}`, { body: 'anon' }),
        anon.delete(`/conversations/${secretDm}/messages/${secretDmMessages[0]}`),
        anon.post(`/conversations/${secretDm}/read`, { messageId: secretDmMessages[0] }),
        anon.get(`/groups/${pub.id}/chat`),
        anon.get(`/conversations/${MISSING}/messages`),
      ];
      for (const res of await Promise.all(calls)) {
        expect(res.status).toBe(401);
        expect(res.body).toEqual(expected);
      }
    });
  });

  describe('crafted cursors', () => {
    it('a cursor only ever pages the conversation it is used on', async () => {
      const inside = await mia.api.get(`/conversations/${secretDm}/messages?limit=1`);
      expect(inside.body.nextCursor).not.toBeNull();
      for (const cursor of [inside.body.nextCursor, cursorOf(['~~~~~~~~~~~~~~~~~~~~~~~~~~']), cursorOf(['Z'])]) {
        const res = await nick.api.get(`/conversations/${nickDm}/messages?limit=100&cursor=${encodeURIComponent(cursor)}`);
        expect(res.status).toBe(200);
        for (const m of res.body.items) expect(m.conversationId).toBe(nickDm);
        expect(ids(res.body.items)).not.toEqual(expect.arrayContaining([secretDmMessages[0]]));
        // On her conversation, still 404.
        expect((await nick.api.get(`/conversations/${secretDm}/messages?cursor=${encodeURIComponent(cursor)}`)).status).toBe(404);
      }
      const mine = await nick.api.get(`/conversations?limit=100&cursor=${cursorOf(['9999-12-31T23:59:59.999Z', '~'])}`);
      expect(ids(mine.body.items)).toEqual([nickDm]);
    });

    it('refuses cursors of the wrong shape with 400', async () => {
      for (const cursor of [cursorOf(['a', 'b']), cursorOf([1]), cursorOf([{ $gt: '' }]), cursorOf(['a\u0000']), 'not base64 json', cursorOf(['x'.repeat(101)])]) {
        const res = await nick.api.get(`/conversations/${nickDm}/messages?cursor=${encodeURIComponent(cursor)}`);
        expect(res.status, cursor).toBe(400);
      }
      for (const cursor of [cursorOf(['a']), cursorOf(['a', 'b', 'c']), cursorOf([null, null])]) {
        expect((await nick.api.get(`/conversations?cursor=${encodeURIComponent(cursor)}`)).status, cursor).toBe(400);
      }
    });
  });

  describe('forged and oversized input', () => {
    it('refuses privileged fields and wrong types in every messaging body, writing nothing', async () => {
      const before = await snapshot();
      const attempts: [string, () => Promise<Res>][] = [
        ['chat through POST /conversations', () => nick.api.post('/conversations', { memberIds: [mia.id], kind: 'chat', groupId: portal.id })],
        ['creator', () => nick.api.post('/conversations', { memberIds: [mia.id], createdBy: mia.id })],
        ['memberIds as an object', () => nick.api.post('/conversations', { memberIds: { $ne: null } })],
        ['memberIds of objects', () => nick.api.post('/conversations', { memberIds: [{ $ne: null }] })],
        ['memberIds as a string', () => nick.api.post('/conversations', { memberIds: mia.id })],
        ['SQL in memberIds', () => nick.api.post('/conversations', { memberIds: ["' OR 1=1 --"] })],
        ['10k memberIds', () => nick.api.post('/conversations', { memberIds: Array.from({ length: 10_000 }, (_, i) => `u${i}`) })],
        ['author', () => nick.api.post(`/conversations/${nickDm}/messages`, { body: 'x', author: { id: mia.id } })],
        ['conversationId', () => nick.api.post(`/conversations/${nickDm}/messages`, { body: 'x', conversationId: secretDm })],
        ['createdAt', () => nick.api.post(`/conversations/${nickDm}/messages`, { body: 'x', createdAt: '2000-01-01T00:00:00Z' })],
        ['body as an object', () => nick.api.post(`/conversations/${nickDm}/messages`, { body: { $ne: null } })],
        ['clientId as an object', () => nick.api.post(`/conversations/${nickDm}/messages`, { body: 'x', clientId: { $ne: null } })],
        ['clientId with SQL', () => nick.api.post(`/conversations/${nickDm}/messages`, { body: 'x', clientId: "x' OR '1'='1" })],
        ['edit: clientId', () => nick.api.patch(`/conversations/${nickDm}/messages/${nickMessage}`, { body: 'x', clientId: 'k' })],
        ['edit: editedAt', () => nick.api.patch(`/conversations/${nickDm}/messages/${nickMessage}`, { body: 'x', editedAt: null })],
        ['read: userId', () => nick.api.post(`/conversations/${nickDm}/read`, { messageId: nickMessage, userId: admin.id })],
        ['read: messageId as an object', () => nick.api.post(`/conversations/${nickDm}/read`, { messageId: { $gt: '' } })],
      ];
      for (const [name, attempt] of attempts) {
        const res = await attempt();
        expect(res.status, name).toBe(400);
        expect(res.body.error.code, name).toBe('validation_failed');
      }
      const huge = await nick.api.post(`/conversations/${nickDm}/messages`, { body: 'x'.repeat(1_100_000) });
      expect(huge.status).toBe(413);
      expect(await snapshot()).toEqual(before);
    });

    it('cannot mark another person\u2019s read position, nor reach read receipts of a conversation he is not in', async () => {
      const before = (await olga.api.get(`/conversations/${secretDm}`)).body.conversation;
      await nick.api.post(`/conversations/${secretDm}/read`, { messageId: secretDmMessages[2] });
      expect((await olga.api.get(`/conversations/${secretDm}`)).body.conversation.members).toEqual(before.members);
    });
  });

  describe('mentions across the walls', () => {
    it('a guest names nobody outside his groups, in a chat or a direct conversation', async () => {
      const dm = (await post(gus, '/conversations', { memberIds: [mia.id] })).conversation.id;
      for (const conv of [portalChat, dm]) {
        const m = (await post(gus, `/conversations/${conv}/messages`, { body: `@${nick.handle} @${oscar.handle} @${admin.handle} and @${olga.handle}` })).message;
        expect(m.mentions).not.toContain(nick.id);
        expect(m.mentions).not.toContain(oscar.id);
        expect(m.mentions).not.toContain(admin.id);
        for (const id of [nick.id, oscar.id, admin.id]) expect(m.html).not.toContain(id);
      }
    });

    it('nobody links a guest outside the conversations he is in', async () => {
      // Mia shares the portal with Gus, but a public group's chat or a conversation without him is no place to name him.
      const pubChat = (await mia.api.get(`/groups/${pub.id}/chat`)).body.conversation.id;
      const withOlga = secretDm;
      for (const conv of [pubChat, withOlga]) {
        const m = (await post(mia, `/conversations/${conv}/messages`, { body: `ask @${gus.handle}` })).message;
        expect(m.mentions).toEqual([]);
        expect(m.html).not.toContain(gus.id);
        const edited = (await mia.api.patch(`/conversations/${conv}/messages/${m.id}`, { body: `again @${gus.handle}` })).body.message;
        expect(edited.html).not.toContain(gus.id);
      }
      // In his group's chat he is named like anyone.
      const inside = (await post(mia, `/conversations/${portalChat}/messages`, { body: `hi @${gus.handle}` })).message;
      expect(inside.mentions).toEqual([gus.id]);
      // A colleague who shares no group with him cannot name him anywhere.
      const m = (await post(nick, `/conversations/${nickDm}/messages`, { body: `@${gus.handle}` })).message;
      expect(m.mentions).toEqual([]);
    });
  });

  describe('moderators and admins acting where they cannot read', () => {
    it('a group\u2019s leaders moderate its chat only: other chats and direct conversations are 404 or 403', async () => {
      // Mia manages pub; in the portal she is a plain member.
      const portalMsg = (await post(olga, `/conversations/${portalChat}/messages`, { body: 'owner speaks' })).message.id;
      const before = await snapshot();
      expect((await mia.api.delete(`/conversations/${portalChat}/messages/${portalMsg}`)).status).toBe(403);
      expect((await mia.api.delete(`/conversations/${portalChat}/messages/${portalChatMessage}`)).status).toBe(403);
      // Olga owns the portal and pub, and is in no conversation of Nick's.
      expect((await olga.api.delete(`/conversations/${nickDm}/messages/${nickMessage}`)).status).toBe(404);
      // An admin is no member of the portal: its chat does not exist for him.
      expect((await admin.api.delete(`/conversations/${portalChat}/messages/${portalChatMessage}`)).status).toBe(404);
      expect((await admin.api.get(`/conversations/${portalChat}/messages`)).status).toBe(404);
      // In Nick's conversation the admin is a plain participant: the author's message is the author's.
      expect((await admin.api.delete(`/conversations/${nickDm}/messages/${nickMessage}`)).status).toBe(403);
      expect((await admin.api.patch(`/conversations/${nickDm}/messages/${nickMessage}`, { body: 'admin edit' })).status).toBe(403);
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('removed, deactivated and signed-out people', () => {
    it('a guest removed from his group loses its chat at once: 404 like a missing one, everywhere', async () => {
      const g = await buildGroup(olga, { customer: true });
      const leaving = await buildGuest(t.ctx, t.app, [g]);
      const chat = (await leaving.api.get(`/groups/${g.id}/chat`)).body.conversation.id;
      const m = (await post(leaving, `/conversations/${chat}/messages`, { body: 'here' })).message.id;
      expect((await olga.api.delete(`/groups/${g.id}/members/${leaving.id}`)).status).toBe(204);
      const before = await snapshot();
      const pairs: [string, (id: string) => Promise<Res>][] = [
        ['GET chat by group', (id) => leaving.api.get(`/groups/${id === MISSING ? MISSING : g.id}/chat`)],
        ['GET conversation', (id) => leaving.api.get(`/conversations/${id}`)],
        ['GET messages', (id) => leaving.api.get(`/conversations/${id}/messages`)],
        ['POST message', (id) => leaving.api.post(`/conversations/${id}/messages`, { body: 'still?' })],
        ['PATCH message', (id) => leaving.api.patch(`/conversations/${id}/messages/${m}`, { body: 'edit' })],
        ['DELETE message', (id) => leaving.api.delete(`/conversations/${id}/messages/${m}`)],
        ['POST read', (id) => leaving.api.post(`/conversations/${id}/read`, { messageId: m })],
      ];
      for (const [name, call] of pairs) {
        const real = await call(chat);
        const missing = await call(MISSING);
        expect(real.status, name).toBe(404);
        expect(real.body, name).toEqual(missing.body);
      }
      expect(ids((await leaving.api.get('/conversations')).body.items)).not.toContain(chat);
      expect(await snapshot()).toEqual(before);
    });

    it('a deactivated person\u2019s token stops at once; nobody starts a conversation with him; his messages stay', async () => {
      const leaver = await buildUser(t.ctx, t.app);
      const conv = (await post(leaver, '/conversations', { memberIds: [mia.id] })).conversation.id;
      const m = (await post(leaver, `/conversations/${conv}/messages`, { body: 'last words' })).message.id;
      await deactivate(admin, leaver);
      expect((await leaver.api.get('/conversations')).status).toBe(401);
      expect((await leaver.api.post(`/conversations/${conv}/messages`, { body: 'ghost' })).status).toBe(401);
      const start = await mia.api.post('/conversations', { memberIds: [leaver.id, olga.id] });
      expect(start.status).toBe(400);
      expect(ids((await mia.api.get(`/conversations/${conv}/messages`)).body.items)).toEqual([m]);
    });

    it('cookie-authenticated writes need the CSRF token', async () => {
      const before = await snapshot();
      const viaCookie = (headers: Record<string, string>) =>
        t.app.inject({ method: 'POST', url: `/api/v1/conversations/${nickDm}/messages`, payload: { body: 'forged' }, cookies: { atrium_session: nick.token }, headers });
      for (const headers of [{}, { 'x-csrf-token': 'wrong' }] as Record<string, string>[]) {
        const res = await viaCookie(headers);
        expect(res.statusCode).toBe(403);
      }
      expect(await snapshot()).toEqual(before);
      const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', cookies: { atrium_session: nick.token } });
      const ok = await viaCookie({ 'x-csrf-token': me.json().csrfToken });
      expect(ok.statusCode).toBe(201);
      await nick.api.delete(`/conversations/${nickDm}/messages/${ok.json().message.id}`);
    });

    it('conversations are never cached by a shared proxy', async () => {
      for (const url of ['/conversations', `/conversations/${nickDm}`, `/conversations/${nickDm}/messages`]) {
        expect((await nick.api.get(url)).headers['cache-control'], url).toBe('no-store');
      }
    });
  });

  describe('races', () => {
    it('sends racing an archive: each is either stored (201) or refused (403), none after it', async () => {
      const g = await buildGroup(olga, { visibility: 'public' });
      await addToGroup(t.ctx, g, mia);
      const chat = (await mia.api.get(`/groups/${g.id}/chat`)).body.conversation.id;
      const sends = Array.from({ length: 8 }, (_, i) => mia.api.post(`/conversations/${chat}/messages`, { body: `race ${i}` }));
      const archive = olga.api.patch(`/groups/${g.id}`, { archived: true });
      const more = Array.from({ length: 8 }, (_, i) => mia.api.post(`/conversations/${chat}/messages`, { body: `late ${i}` }));
      const results = await Promise.all([...sends, ...more]);
      expect((await archive).status).toBe(200);
      for (const r of results) expect([201, 403]).toContain(r.status);
      const stored = await t.ctx.db.selectFrom('messages').select('id').where('conversation_id', '=', chat).execute();
      expect(stored).toHaveLength(results.filter((r) => r.status === 201).length);
      expect((await mia.api.post(`/conversations/${chat}/messages`, { body: 'after' })).status).toBe(403);
    });

    it('sends and deletes racing in one conversation leave its last message the newest one left', async () => {
      const a = await buildUser(t.ctx, t.app);
      const b = await buildUser(t.ctx, t.app);
      const conv = (await post(a, '/conversations', { memberIds: [b.id] })).conversation.id;
      const newest = async () =>
        (await t.ctx.db.selectFrom('messages').select('id').where('conversation_id', '=', conv).orderBy('id', 'desc').limit(1).executeTakeFirst())?.id ?? null;
      const last = async () => (await t.ctx.db.selectFrom('conversations').select('last_message_id').where('id', '=', conv).executeTakeFirstOrThrow()).last_message_id;
      for (let round = 0; round < 5; round++) {
        const mine = [];
        for (let i = 0; i < 3; i++) mine.push((await post(a, `/conversations/${conv}/messages`, { body: `keep ${round}.${i}` })).message.id);
        const results = await Promise.all([
          ...Array.from({ length: 6 }, (_, i) => (i % 2 ? a : b).api.post(`/conversations/${conv}/messages`, { body: `burst ${round}.${i}` })),
          a.api.delete(`/conversations/${conv}/messages/${mine[2]}`),
          ...Array.from({ length: 6 }, (_, i) => (i % 2 ? b : a).api.post(`/conversations/${conv}/messages`, { body: `burst2 ${round}.${i}` })),
          a.api.delete(`/conversations/${conv}/messages/${mine[1]}`),
        ]);
        expect(results.map((r) => r.status).sort()).toEqual([...Array(12).fill(201), 204, 204].sort());
        expect(await last(), `round ${round}`).toBe(await newest());
        const view = (await b.api.get(`/conversations/${conv}`)).body.conversation;
        expect(view.lastMessage.id).toBe(await newest());
      }
      // Deleting down to nothing, concurrently, leaves none.
      const all = (await t.ctx.db.selectFrom('messages').select(['id', 'author_id']).where('conversation_id', '=', conv).execute());
      const deletions = await Promise.all(all.map((m) => (m.author_id === a.id ? a : b).api.delete(`/conversations/${conv}/messages/${m.id}`)));
      expect(deletions.every((r) => r.status === 204)).toBe(true);
      expect(await last()).toBeNull();
    });

    it('a member removed while sending: the send is either stored before or refused after', async () => {
      const g = await buildGroup(olga, { visibility: 'private' });
      const victim = await buildUser(t.ctx, t.app);
      await addToGroup(t.ctx, g, victim);
      const chat = (await victim.api.get(`/groups/${g.id}/chat`)).body.conversation.id;
      const sends = Array.from({ length: 6 }, (_, i) => victim.api.post(`/conversations/${chat}/messages`, { body: `r${i}` }));
      const removal = olga.api.delete(`/groups/${g.id}/members/${victim.id}`);
      const results = await Promise.all(sends);
      expect((await removal).status).toBe(204);
      for (const r of results) expect([201, 403, 404]).toContain(r.status);
      const stored = await t.ctx.db.selectFrom('messages').select('id').where('conversation_id', '=', chat).execute();
      expect(stored).toHaveLength(results.filter((r) => r.status === 201).length);
      expect((await victim.api.post(`/conversations/${chat}/messages`, { body: 'after' })).status).toBe(404);
    });
  });
});
