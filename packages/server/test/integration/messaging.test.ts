import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToGroup, buildGroup, buildGuest, buildOrg, buildUser, deactivate, type TestGroup, type TestUser } from '../factories.js';
import { createTestApp, type Res, type TestApp } from '../harness.js';

/**
 * Direct messages, group conversations and group chats (API.md "Messaging and realtime"):
 * who gets which conversation, messages and their idempotent sends, read positions, unread
 * counts, group chats and the guests' rule (a person from outside talks only with people who
 * share a group with him). The hostile side is in messaging-hostile.test.ts.
 */

const MISSING = '01HZZZZZZZZZZZZZZZZZZZZZZZ';
const ids = (items: { id: string }[]) => items.map((x) => x.id);
const hrefs = (html: string) => [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);

interface Conv {
  id: string;
  kind: string;
  members: { user: { id: string }; lastReadMessageId: string | null }[];
  membersCount: number;
  unreadCount: number;
  lastReadMessageId: string | null;
  lastMessage: { id: string; body: string } | null;
  [k: string]: unknown;
}
interface Msg {
  id: string;
  body: string;
  html: string;
  mentions: string[];
  clientId: string | null;
  editedAt: string | null;
  author: { id: string };
  [k: string]: unknown;
}

async function start(who: TestUser, ...others: { id: string }[]): Promise<Conv> {
  const res = await who.api.post('/conversations', { memberIds: others.map((o) => o.id) });
  if (res.status !== 201 && res.status !== 200) throw new Error(`start: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.conversation;
}

async function send(who: TestUser, conversationId: string, body = 'hello', clientId?: string): Promise<Msg> {
  const res = await who.api.post(`/conversations/${conversationId}/messages`, { body, ...(clientId ? { clientId } : {}) });
  if (res.status !== 201) throw new Error(`send: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.message;
}

async function chatOf(who: TestUser, group: { id: string }): Promise<Conv> {
  const res = await who.api.get(`/groups/${group.id}/chat`);
  if (res.status !== 200) throw new Error(`chat: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.conversation;
}

async function allPages(who: TestUser, url: string, limit: number): Promise<{ items: any[]; pages: number }> {
  const items: any[] = [];
  let cursor: string | null = null;
  let pages = 0;
  for (; pages < 100; ) {
    const res: Res = await who.api.get(`${url}?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status, url).toBe(200);
    pages++;
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
    if (!cursor) break;
  }
  return { items, pages };
}

async function listed(who: TestUser): Promise<Conv[]> {
  return (await allPages(who, '/conversations', 100)).items;
}

describe('messaging', () => {
  let t: TestApp;
  let admin: TestUser;
  let ann: TestUser;
  let bob: TestUser;
  let cat: TestUser;
  let dan: TestUser;
  /** Ann's customer group, with Bob and the guest Gus. */
  let portal: TestGroup;
  /** Dan's customer group, with Ann and the guest Oscar. */
  let other: TestGroup;
  let gus: TestUser;
  let oscar: TestUser;

  const fresh = (name?: string) => buildUser(t.ctx, t.app, name ? { name } : {});

  beforeAll(async () => {
    t = await createTestApp();
    // Every timestamp strictly after the previous one: "latest first" and "since he joined" are then exact.
    let last = 0;
    t.ctx.clock.now = () => {
      last = Math.max(Date.now(), last + 1);
      return new Date(last);
    };
    admin = await buildOrg(t.ctx, t.app);
    ann = await fresh('Ann Anders');
    bob = await fresh('Bob Berg');
    cat = await fresh('Cat Cole');
    dan = await fresh('Dan Dorn');
    portal = await buildGroup(ann, { name: 'Portal', customer: true });
    await addToGroup(t.ctx, portal, bob);
    gus = await buildGuest(t.ctx, t.app, [portal], { name: 'Gus Guest' });
    other = await buildGroup(dan, { name: 'Other customer', customer: true });
    await addToGroup(t.ctx, other, ann);
    oscar = await buildGuest(t.ctx, t.app, [other], { name: 'Oscar Outside' });
  });
  afterAll(() => t.close());

  describe('starting a conversation', () => {
    it('two people make a direct conversation, found again from either side, in any form', async () => {
      const first = await ann.api.post('/conversations', { memberIds: [bob.id] });
      expect(first.status).toBe(201);
      const c = first.body.conversation;
      expect(c).toMatchObject({ kind: 'direct', group: null, membersCount: 2, lastMessage: null, lastMessageAt: null, unreadCount: 0, lastReadMessageId: null, hasGuests: false });
      expect(c.members.map((m: { user: { id: string } }) => m.user.id).sort()).toEqual([ann.id, bob.id].sort());
      for (const m of c.members) expect(m.lastReadMessageId).toBeNull();
      for (const [who, memberIds] of [
        [ann, [bob.id]],
        [bob, [ann.id]],
        [ann, [bob.id, bob.id, ann.id]],
        [bob, [ann.id, bob.id, ann.id]],
      ] as const) {
        const again = await who.api.post('/conversations', { memberIds });
        expect(again.status, JSON.stringify(memberIds)).toBe(200);
        expect(again.body.conversation.id).toBe(c.id);
      }
      const rows = await t.ctx.db.selectFrom('conversation_members').select('user_id').where('conversation_id', '=', c.id).execute();
      expect(rows.map((r) => r.user_id).sort()).toEqual([ann.id, bob.id].sort());
    });

    it('three or more make a group conversation: the same set shares one, another set gets its own', async () => {
      const first = await ann.api.post('/conversations', { memberIds: [bob.id, cat.id] });
      expect(first.status).toBe(201);
      expect(first.body.conversation).toMatchObject({ kind: 'group', membersCount: 3 });
      const id = first.body.conversation.id;
      for (const [who, memberIds] of [
        [cat, [bob.id, ann.id]],
        [bob, [cat.id, ann.id, cat.id]],
        [ann, [cat.id, bob.id, ann.id]],
      ] as const) {
        const again = await who.api.post('/conversations', { memberIds });
        expect(again.status).toBe(200);
        expect(again.body.conversation.id).toBe(id);
      }
      const bigger = await ann.api.post('/conversations', { memberIds: [bob.id, cat.id, dan.id] });
      expect(bigger.status).toBe(201);
      expect(bigger.body.conversation.id).not.toBe(id);
      // A pair inside the group still has its own direct conversation.
      const direct = await cat.api.post('/conversations', { memberIds: [bob.id] });
      expect(direct.body.conversation.kind).toBe('direct');
      expect([id, bigger.body.conversation.id]).not.toContain(direct.body.conversation.id);
    });

    it('the same pair starting at the same moment gets one conversation', async () => {
      const x = await fresh();
      const y = await fresh();
      const results = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? x : y).api.post('/conversations', { memberIds: [(i % 2 ? y : x).id] })));
      expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
      expect(new Set(results.map((r) => r.body.conversation.id)).size).toBe(1);
      const id = results[0].body.conversation.id;
      const key = await t.ctx.db.selectFrom('conversations').select('member_key').where('id', '=', id).executeTakeFirstOrThrow();
      expect(await t.ctx.db.selectFrom('conversations').select('id').where('member_key', '=', key.member_key).execute()).toHaveLength(1);
      expect(await t.ctx.db.selectFrom('conversation_members').select('user_id').where('conversation_id', '=', id).execute()).toHaveLength(2);
    });

    it('refuses oneself alone, unknown, deactivated and invisible people with 400, creating nothing', async () => {
      const gone = await fresh();
      await deactivate(admin, gone);
      const before = await t.ctx.db.selectFrom('conversations').select('id').execute();
      const cases: [string, TestUser, unknown][] = [
        ['oneself', ann, [ann.id]],
        ['oneself twice', ann, [ann.id, ann.id]],
        ['nobody', ann, []],
        ['unknown', ann, [MISSING]],
        ['unknown beside a real one', ann, [bob.id, MISSING]],
        ['deactivated', ann, [gone.id]],
        ['deactivated, by an admin', admin, [gone.id]],
        ['a guest he shares no group with', cat, [gus.id]],
        ['a guest of another group, for a guest', gus, [oscar.id]],
        ['a colleague outside his groups, for a guest', gus, [cat.id]],
      ];
      for (const [name, who, memberIds] of cases) {
        const res = await who.api.post('/conversations', { memberIds });
        expect(res.status, name).toBe(400);
        expect(res.body.error.code, name).toBe('validation_failed');
      }
      expect(await t.ctx.db.selectFrom('conversations').select('id').execute()).toEqual(before);
    });

    it('takes at most 49 others (50 people); shows read receipts up to 20 people', async () => {
      const crowd: TestUser[] = [];
      for (let i = 0; i < 50; i++) crowd.push(await fresh());
      const starter = crowd[0];
      const tooMany = await starter.api.post('/conversations', { memberIds: [...crowd.slice(1), ann].map((u) => u.id) });
      expect(tooMany.status).toBe(400);
      expect(tooMany.body.error.code).toBe('validation_failed');
      const full = await starter.api.post('/conversations', { memberIds: crowd.slice(1).map((u) => u.id) });
      expect(full.status).toBe(201);
      // Listing oneself too (50 ids) is the same conversation, not "too many".
      const withSelf = await starter.api.post('/conversations', { memberIds: crowd.map((u) => u.id) });
      expect([withSelf.status, withSelf.body.conversation.id]).toEqual([200, full.body.conversation.id]);
      expect(full.body.conversation.membersCount).toBe(50);
      expect(full.body.conversation.members).toHaveLength(50);

      // 20 people: everyone sees who read what. 21: nobody's position is shown, but one's own still is.
      const twenty = await start(starter, ...crowd.slice(1, 20));
      const twentyOne = await start(starter, ...crowd.slice(1, 21));
      expect([twenty.membersCount, twentyOne.membersCount]).toEqual([20, 21]);
      const m20 = await send(starter, twenty.id);
      const m21 = await send(starter, twentyOne.id);
      const seen20 = (await crowd[5].api.get(`/conversations/${twenty.id}`)).body.conversation as Conv;
      expect(seen20.members.find((m) => m.user.id === starter.id)!.lastReadMessageId).toBe(m20.id);
      const seen21 = (await crowd[5].api.get(`/conversations/${twentyOne.id}`)).body.conversation as Conv;
      expect(seen21.members.every((m) => m.lastReadMessageId === null)).toBe(true);
      expect(seen21.unreadCount).toBe(1);
      const own21 = (await starter.api.get(`/conversations/${twentyOne.id}`)).body.conversation as Conv;
      expect(own21.lastReadMessageId).toBe(m21.id);
      expect(own21.members.every((m) => m.lastReadMessageId === null)).toBe(true);
    });
  });

  describe('guests', () => {
    it('in a direct or group conversation, exactly its members can be mentioned, guests included', async () => {
      const kim = await fresh('Kim Keen');
      await addToGroup(t.ctx, portal, kim);
      const conv = (await kim.api.post('/conversations', { memberIds: [gus.id, bob.id] })).body.conversation.id;
      const sent = await kim.api.post(`/conversations/${conv}/messages`, { body: `@${gus.handle} meet @${bob.handle}; @${cat.handle} is not here` });
      expect(sent.status).toBe(201);
      expect([...sent.body.message.mentions].sort()).toEqual([gus.id, bob.id].sort());
      expect(sent.body.message.html).toContain(`/people/${gus.id}`);
      expect(sent.body.message.html).not.toContain(cat.id);
      // A guest mentioning a colleague outside the conversation links nobody he cannot see.
      const fromGuest = await gus.api.post(`/conversations/${conv}/messages`, { body: `thanks @${kim.handle}, and @${cat.handle}?` });
      expect(fromGuest.body.message.mentions).toEqual([kim.id]);
      expect(fromGuest.body.message.html).not.toContain(cat.id);
    });

    it('a guest talks with the people of his groups, directly and in a group conversation', async () => {
      const direct = await gus.api.post('/conversations', { memberIds: [bob.id] });
      expect(direct.status).toBe(201);
      expect(direct.body.conversation).toMatchObject({ kind: 'direct', hasGuests: true });
      const guestMember = direct.body.conversation.members.find((m: { user: { id: string } }) => m.user.id === gus.id);
      expect(guestMember.user.kind).toBe('guest');
      expect((await send(gus, direct.body.conversation.id, 'hi from outside')).author.id).toBe(gus.id);
      expect((await send(bob, direct.body.conversation.id, 'welcome')).author.id).toBe(bob.id);
      const group = await ann.api.post('/conversations', { memberIds: [gus.id, bob.id] });
      expect(group.status).toBe(201);
      expect(group.body.conversation).toMatchObject({ kind: 'group', hasGuests: true });
      expect((await gus.api.post('/conversations', { memberIds: [ann.id, bob.id] })).body.conversation.id).toBe(group.body.conversation.id);
    });

    it('refuses a conversation where a guest would meet someone he shares no group with (403)', async () => {
      const before = await t.ctx.db.selectFrom('conversations').select('id').execute();
      // Ann sees Gus (portal) and Cat (a colleague), but Gus and Cat share no group.
      const mixed = await ann.api.post('/conversations', { memberIds: [gus.id, cat.id] });
      expect(mixed.status).toBe(403);
      expect(mixed.body.error.code).toBe('forbidden');
      // Ann is in both customer groups: their two guests still share none.
      const guests = await ann.api.post('/conversations', { memberIds: [gus.id, oscar.id] });
      expect(guests.status).toBe(403);
      // An admin sees everyone, and the rule holds for him too.
      expect((await admin.api.post('/conversations', { memberIds: [gus.id] })).status).toBe(403);
      expect(await t.ctx.db.selectFrom('conversations').select('id').execute()).toEqual(before);
    });

    it('a conversation whose guest left the shared group refuses new messages and edits (403); reading stays', async () => {
      const g2 = await buildGuest(t.ctx, t.app, [portal], { name: 'Gina Guest' });
      const direct = await start(bob, g2);
      const group = await start(ann, g2, bob);
      const mine = await send(g2, direct.id, 'before');
      await send(bob, group.id, 'before too');
      expect((await ann.api.delete(`/groups/${portal.id}/members/${g2.id}`)).status).toBe(204);
      for (const [who, conv] of [
        [bob, direct],
        [g2, direct],
        [ann, group],
        [g2, group],
      ] as const) {
        const res = await who.api.post(`/conversations/${conv.id}/messages`, { body: 'after' });
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('forbidden');
      }
      expect((await g2.api.patch(`/conversations/${direct.id}/messages/${mine.id}`, { body: 'edited' })).status).toBe(403);
      expect((await bob.api.get(`/conversations/${direct.id}/messages`)).body.items.map((m: Msg) => m.body)).toEqual(['before']);
      expect(await t.ctx.db.selectFrom('messages').select('id').where('body', '=', 'after').execute()).toEqual([]);
      // Back in the group, the conversation is open again.
      await addToGroup(t.ctx, portal, g2);
      expect((await bob.api.post(`/conversations/${direct.id}/messages`, { body: 'again' })).status).toBe(201);
    });
  });

  describe('the list of conversations', () => {
    let p1: TestUser;
    let p2: TestUser;
    let p3: TestUser;
    let team: TestGroup;
    let d12: Conv;
    let d13: Conv;
    let g123: Conv;
    let chat: Conv;

    beforeAll(async () => {
      p1 = await fresh();
      p2 = await fresh();
      p3 = await fresh();
      team = await buildGroup(p1, { visibility: 'private' });
      await addToGroup(t.ctx, team, p2);
      d12 = await start(p1, p2);
      d13 = await start(p3, p1);
      g123 = await start(p2, p1, p3);
      chat = await chatOf(p2, team);
    });

    it('holds his direct and group conversations and the chats of his groups, latest activity first', async () => {
      // No messages yet: newest first by creation.
      expect(ids(await listed(p1))).toEqual([chat.id, g123.id, d13.id, d12.id]);
      await send(p2, d12.id, 'one');
      expect(ids(await listed(p1))).toEqual([d12.id, chat.id, g123.id, d13.id]);
      await send(p3, g123.id, 'two');
      await send(p2, chat.id, 'three');
      expect(ids(await listed(p1))).toEqual([chat.id, g123.id, d12.id, d13.id]);
      // Others see only theirs: p3 is not in the team.
      expect(ids(await listed(p3))).toEqual([g123.id, d13.id]);
      expect(ids(await listed(p2))).toEqual([chat.id, g123.id, d12.id]);
      const item = (await listed(p1)).find((c) => c.id === chat.id)!;
      expect(item).toMatchObject({ kind: 'chat', group: { id: team.id, customer: false }, members: [], membersCount: 2, lastMessage: { body: 'three' } });
    });

    it('pages by keyset: every conversation once, in order', async () => {
      const whole = ids(await listed(p1));
      const paged = await allPages(p1, '/conversations', 1);
      expect(ids(paged.items)).toEqual(whole);
      expect(paged.pages).toBe(whole.length);
      // New activity while paging moves a conversation to the top: the next pages go on where the first stopped.
      const firstPage = await p1.api.get('/conversations?limit=2');
      expect(ids(firstPage.body.items)).toEqual(whole.slice(0, 2));
      const bumped = whole[whole.length - 1];
      await send(bumped === d13.id ? p3 : p2, bumped, 'bump');
      expect(ids(await listed(p1))[0]).toBe(bumped);
      const afterFirst = await p1.api.get(`/conversations?limit=10&cursor=${encodeURIComponent(firstPage.body.nextCursor)}`);
      expect(ids(afterFirst.body.items)).toEqual(whole.slice(2, -1));
    });

    it('counts others\u2019 unread messages after his read position, with the last message', async () => {
      const a = await fresh();
      const b = await fresh();
      const c = await start(a, b);
      const m1 = await send(b, c.id, 'm1');
      const m2 = await send(b, c.id, 'm2');
      const m3 = await send(b, c.id, 'm3');
      const view = () => a.api.get(`/conversations/${c.id}`).then((r) => r.body.conversation as Conv);
      expect(await view()).toMatchObject({ unreadCount: 3, lastReadMessageId: null, lastMessage: { id: m3.id, body: 'm3' } });
      expect((await listed(a)).find((x) => x.id === c.id)!.unreadCount).toBe(3);
      // His own messages are never unread for him.
      expect((await b.api.get(`/conversations/${c.id}`)).body.conversation.unreadCount).toBe(0);
      await a.api.post(`/conversations/${c.id}/read`, { messageId: m1.id });
      expect((await view()).unreadCount).toBe(2);
      await a.api.post(`/conversations/${c.id}/read`, { messageId: m2.id });
      expect((await view()).unreadCount).toBe(1);
      // Answering reads what came before.
      const reply = await send(a, c.id, 'reply');
      expect(await view()).toMatchObject({ unreadCount: 0, lastReadMessageId: reply.id, lastMessage: { id: reply.id } });
      const m4 = await send(b, c.id, 'm4');
      expect((await view()).unreadCount).toBe(1);
      expect((await a.api.post(`/conversations/${c.id}/read`, { messageId: m4.id })).body.conversation.unreadCount).toBe(0);
    });

    it('in a chat he never read, counts what came since he joined the group', async () => {
      const owner = await fresh();
      const late = await fresh();
      const room = await buildGroup(owner, { visibility: 'public' });
      const roomChat = await chatOf(owner, room);
      await send(owner, roomChat.id, 'before you came');
      await send(owner, roomChat.id, 'still before');
      expect((await late.api.post(`/groups/${room.id}/join`)).status).toBe(200);
      expect((await late.api.get(`/conversations/${roomChat.id}`)).body.conversation.unreadCount).toBe(0);
      const m = await send(owner, roomChat.id, 'welcome');
      await send(owner, roomChat.id, 'again');
      expect((await listed(late)).find((x) => x.id === roomChat.id)!.unreadCount).toBe(2);
      await late.api.post(`/conversations/${roomChat.id}/read`, { messageId: m.id });
      expect((await late.api.get(`/conversations/${roomChat.id}`)).body.conversation.unreadCount).toBe(1);
    });

    it('shows a guest only the chats of his own groups', async () => {
      const guestView = await listed(gus);
      for (const c of guestView) {
        if (c.kind === 'chat') expect((c.group as { id: string }).id).toBe(portal.id);
        else expect(c.members.map((m) => m.user.id)).toContain(gus.id);
      }
      const portalChat = await chatOf(ann, portal);
      expect(ids(await listed(gus))).toContain(portalChat.id);
      expect(portalChat).toMatchObject({ kind: 'chat', hasGuests: true, group: { id: portal.id, customer: true } });
      const otherChat = await chatOf(dan, other);
      expect(ids(await listed(gus))).not.toContain(otherChat.id);
      expect(ids(await listed(oscar))).toContain(otherChat.id);
    });
  });

  describe('messages', () => {
    let a: TestUser;
    let b: TestUser;
    let c: TestUser;
    let conv: Conv;

    beforeAll(async () => {
      a = await fresh('Alma Author');
      b = await fresh('Bert Reader');
      c = await fresh('Cora Other');
      conv = await start(a, b);
    });

    it('sends (201) and answers the first message again for a retried clientId (200), from anyone else a new one', async () => {
      const first = await a.api.post(`/conversations/${conv.id}/messages`, { body: 'retry me', clientId: 'c-1_A' });
      expect(first.status).toBe(201);
      expect(first.body.message).toMatchObject({ conversationId: conv.id, author: { id: a.id }, body: 'retry me', clientId: 'c-1_A', editedAt: null, mentions: [] });
      const again = await a.api.post(`/conversations/${conv.id}/messages`, { body: 'retry me', clientId: 'c-1_A' });
      expect(again.status).toBe(200);
      expect(again.body.message).toEqual(first.body.message);
      // The key is the sender's: someone else's message with the same clientId is his own.
      const theirs = await b.api.post(`/conversations/${conv.id}/messages`, { body: 'mine', clientId: 'c-1_A' });
      expect(theirs.status).toBe(201);
      expect(theirs.body.message.id).not.toBe(first.body.message.id);
      // Without a clientId, every send is a new message.
      const plain = [await send(a, conv.id, 'same'), await send(a, conv.id, 'same')];
      expect(plain[0].id).not.toBe(plain[1].id);
      expect(plain[0].clientId).toBeNull();
      const rows = await t.ctx.db.selectFrom('messages').select('id').where('conversation_id', '=', conv.id).where('client_id', '=', 'c-1_A').execute();
      expect(rows).toHaveLength(2);
    });

    it('two sends racing with the same clientId write exactly one message', async () => {
      const results = await Promise.all(Array.from({ length: 6 }, () => a.api.post(`/conversations/${conv.id}/messages`, { body: 'raced', clientId: 'race-1' })));
      expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
      expect(new Set(results.map((r) => r.body.message.id)).size).toBe(1);
      expect(await t.ctx.db.selectFrom('messages').select('id').where('client_id', '=', 'race-1').execute()).toHaveLength(1);
    });

    it('lists newest first, keyset-paged without duplicates or gaps', async () => {
      const room = await start(a, b, c);
      const sent: string[] = [];
      for (let i = 0; i < 7; i++) sent.push((await send(i % 2 ? b : a, room.id, `n${i}`)).id);
      const newestFirst = [...sent].reverse();
      const whole = await a.api.get(`/conversations/${room.id}/messages`);
      expect(ids(whole.body.items)).toEqual(newestFirst);
      expect(whole.body.nextCursor).toBeNull();
      for (const limit of [1, 2, 3, 7]) {
        const paged = await allPages(c, `/conversations/${room.id}/messages`, limit);
        expect(ids(paged.items), `limit ${limit}`).toEqual(newestFirst);
        expect(paged.pages).toBe(Math.ceil(7 / limit));
      }
      // A message written while paging does not shift older pages.
      const page1 = await b.api.get(`/conversations/${room.id}/messages?limit=3`);
      await send(c, room.id, 'late');
      const page2 = await b.api.get(`/conversations/${room.id}/messages?limit=3&cursor=${encodeURIComponent(page1.body.nextCursor)}`);
      expect(ids(page2.body.items)).toEqual(newestFirst.slice(3, 6));
    });

    it('the author edits his message: 200 with the new body and html; others 403, outsiders 404', async () => {
      const m = await send(a, conv.id, 'first draft');
      const res = await a.api.patch(`/conversations/${conv.id}/messages/${m.id}`, { body: 'second **draft**' });
      expect(res.status).toBe(200);
      expect(res.body.message).toMatchObject({ id: m.id, body: 'second **draft**', author: { id: a.id } });
      expect(res.body.message.html).toContain('<strong>draft</strong>');
      expect(res.body.message.editedAt).not.toBeNull();
      expect(res.body.message.createdAt).toBe((m as unknown as { createdAt: string }).createdAt);
      const other = await b.api.patch(`/conversations/${conv.id}/messages/${m.id}`, { body: 'hijacked' });
      expect(other.status).toBe(403);
      expect(other.body.error.code).toBe('forbidden');
      const outsider = await c.api.patch(`/conversations/${conv.id}/messages/${m.id}`, { body: 'hijacked' });
      expect(outsider.status).toBe(404);
      expect((await a.api.patch(`/conversations/${conv.id}/messages/${MISSING}`, { body: 'x' })).status).toBe(404);
      const stored = await t.ctx.db.selectFrom('messages').select('body').where('id', '=', m.id).executeTakeFirstOrThrow();
      expect(stored.body).toBe('second **draft**');
      // The list shows the edit, and so does the last message of the conversation.
      expect((await b.api.get(`/conversations/${conv.id}/messages?limit=1`)).body.items[0]).toMatchObject({ id: m.id, body: 'second **draft**' });
      expect((await b.api.get(`/conversations/${conv.id}`)).body.conversation.lastMessage).toMatchObject({ id: m.id, body: 'second **draft**' });
    });

    it('the author deletes his message (204); others 403; the last message becomes the previous one', async () => {
      const x = await fresh();
      const y = await fresh();
      const room = await start(x, y);
      const m1 = await send(x, room.id, 'm1');
      const m2 = await send(y, room.id, 'm2');
      const m3 = await send(x, room.id, 'm3');
      expect((await y.api.delete(`/conversations/${room.id}/messages/${m3.id}`)).status).toBe(403);
      expect((await x.api.delete(`/conversations/${room.id}/messages/${m3.id}`)).status).toBe(204);
      expect((await x.api.delete(`/conversations/${room.id}/messages/${m3.id}`)).status).toBe(404);
      const view = async () => (await y.api.get(`/conversations/${room.id}`)).body.conversation as Conv;
      expect((await view()).lastMessage).toMatchObject({ id: m2.id, body: 'm2' });
      expect(ids((await y.api.get(`/conversations/${room.id}/messages`)).body.items)).toEqual([m2.id, m1.id]);
      // Deleting one that is not the last keeps the last.
      expect((await x.api.delete(`/conversations/${room.id}/messages/${m1.id}`)).status).toBe(204);
      expect((await view()).lastMessage!.id).toBe(m2.id);
      expect((await y.api.delete(`/conversations/${room.id}/messages/${m2.id}`)).status).toBe(204);
      expect(await view()).toMatchObject({ lastMessage: null, lastMessageAt: null });
      expect((await listed(x)).find((c2) => c2.id === room.id)!.lastMessage).toBeNull();
    });

    it('renders Markdown to sanitized html: no scripts, no dangerous links, raw HTML escaped, mentions resolved', async () => {
      const script = await send(a, conv.id, '<script>alert(1)</script> <img src=x onerror=alert(1)> <iframe src="/x"></iframe>');
      expect(script.html).not.toMatch(/<(script|img|iframe)\b/i);
      expect(script.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(script.body).toBe('<script>alert(1)</script> <img src=x onerror=alert(1)> <iframe src="/x"></iframe>');
      for (const body of ['[x](javascript:alert(1))', '[x](JaVaScRiPt:alert(1))', '[x](&#106;avascript:alert(1))', '[x](data:text/html;base64,PHNjcmlwdD4=)', '[x](vbscript:msgbox(1))', '[x](//evil.com)']) {
        const m = await send(a, conv.id, body);
        for (const href of hrefs(m.html)) expect(href, body).toMatch(/^(https?:\/\/|mailto:|\/(?!\/))/);
        expect(m.html, body).not.toMatch(/href="(javascript|vbscript|data|\/\/)/i);
      }
      const fine = await send(a, conv.id, '**bold** [site](https://example.com) hi @' + b.handle + ' and @nobody_here_at_all');
      expect(fine.html).toContain('<strong>bold</strong>');
      expect(fine.html).toMatch(/<a href="https:\/\/example.com"[^>]*rel="nofollow noopener noreferrer"/);
      expect(fine.mentions).toEqual([b.id]);
      expect(fine.html).toContain(`data-user-id="${b.id}"`);
      expect(fine.html).toContain('@nobody_here_at_all');
      // Edits are rendered the same way.
      const edited = await a.api.patch(`/conversations/${conv.id}/messages/${fine.id}`, { body: '<b>raw</b> [x](javascript:alert(1))' });
      expect(edited.body.message.html).not.toMatch(/<b>|href="javascript/i);
      expect(edited.body.message.html).toContain('&lt;b&gt;raw&lt;/b&gt;');
      expect(edited.body.message.mentions).toEqual([]);
    });

    it('refuses empty, oversized and malformed sends with 400, storing nothing', async () => {
      const before = await t.ctx.db.selectFrom('messages').select('id').execute();
      for (const [name, payload] of [
        ['empty', { body: '' }],
        ['blank', { body: '   \n ' }],
        ['too long', { body: 'x'.repeat(20_001) }],
        ['clientId too long', { body: 'x', clientId: 'c'.repeat(65) }],
        ['clientId with spaces', { body: 'x', clientId: 'a b' }],
        ['clientId empty', { body: 'x', clientId: '' }],
        ['html given', { body: 'x', html: '<script>alert(1)</script>' }],
        ['author given', { body: 'x', authorId: b.id }],
        ['mentions given', { body: 'x', mentions: [b.id] }],
      ] as const) {
        const res = await a.api.post(`/conversations/${conv.id}/messages`, payload);
        expect(res.status, name).toBe(400);
        expect(res.body.error.code, name).toBe('validation_failed');
      }
      expect((await a.api.post(`/conversations/${conv.id}/messages`, { body: 'x'.repeat(20_000) })).status).toBe(201);
      expect((await t.ctx.db.selectFrom('messages').select('id').execute()).length).toBe(before.length + 1);
    });
  });

  describe('read positions', () => {
    it('move forward only; a message of another conversation or none is 400; receipts show others\u2019 positions', async () => {
      const a = await fresh();
      const b = await fresh();
      const conv = await start(a, b);
      const elsewhere = await start(a, await fresh());
      const foreign = await send(a, elsewhere.id, 'elsewhere');
      const m = [await send(b, conv.id, '1'), await send(b, conv.id, '2'), await send(b, conv.id, '3')];
      const read = (messageId: string) => a.api.post(`/conversations/${conv.id}/read`, { messageId });
      const r3 = await read(m[2].id);
      expect(r3.status).toBe(200);
      expect(r3.body.conversation).toMatchObject({ id: conv.id, lastReadMessageId: m[2].id, unreadCount: 0 });
      const back = await read(m[0].id);
      expect(back.status).toBe(200);
      expect(back.body.conversation).toMatchObject({ lastReadMessageId: m[2].id, unreadCount: 0 });
      for (const messageId of [foreign.id, MISSING]) {
        const res = await read(messageId);
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('validation_failed');
      }
      const stored = await t.ctx.db.selectFrom('conversation_members').select('last_read_message_id').where('conversation_id', '=', conv.id).where('user_id', '=', a.id).executeTakeFirstOrThrow();
      expect(stored.last_read_message_id).toBe(m[2].id);
      // b sees a's receipt; his own position is his last message.
      const seen = (await b.api.get(`/conversations/${conv.id}`)).body.conversation as Conv;
      expect(seen.members.find((x) => x.user.id === a.id)!.lastReadMessageId).toBe(m[2].id);
      expect(seen.lastReadMessageId).toBe(m[2].id);
    });
  });

  describe('group chats', () => {
    let owner: TestUser;
    let manager: TestUser;
    let member: TestUser;
    let outsider: TestUser;
    let pub: TestGroup;

    beforeAll(async () => {
      owner = await fresh('Olive Owner');
      manager = await fresh('Manny Manager');
      member = await fresh('Mo Member');
      outsider = await fresh('Otto Outsider');
      pub = await buildGroup(owner, { visibility: 'public', name: 'Open chat room' });
      await addToGroup(t.ctx, pub, manager, 'manager');
      await addToGroup(t.ctx, pub, member);
    });

    it('is the same conversation for every member, every time', async () => {
      const first = await chatOf(member, pub);
      expect(first).toMatchObject({ kind: 'chat', group: { id: pub.id, name: 'Open chat room', customer: false }, members: [], membersCount: 3, hasGuests: false, lastMessage: null });
      expect((await chatOf(owner, pub)).id).toBe(first.id);
      expect((await chatOf(member, pub)).id).toBe(first.id);
      expect((await member.api.get(`/conversations/${first.id}`)).body.conversation.id).toBe(first.id);
    });

    it('made once when its first callers come at the same moment', async () => {
      const g = await buildGroup(owner, { visibility: 'private' });
      await addToGroup(t.ctx, g, member);
      const results = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 ? owner : member).api.get(`/groups/${g.id}/chat`)));
      expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
      expect(new Set(results.map((r) => r.body.conversation.id)).size).toBe(1);
      expect(await t.ctx.db.selectFrom('conversations').select('id').where('group_id', '=', g.id).execute()).toHaveLength(1);
    });

    it('is open to guests of a customer group, who write there like members', async () => {
      const chat = await chatOf(gus, portal);
      expect(chat.id).toBe((await chatOf(bob, portal)).id);
      const m = await send(gus, chat.id, `hello @${bob.handle}`);
      expect(m.mentions).toEqual([bob.id]);
      expect(ids((await bob.api.get(`/conversations/${chat.id}/messages`)).body.items)).toContain(m.id);
    });

    it('refuses non-members: 403 in a public group; 404 in a private, unlisted or customer group, for other guests, or none', async () => {
      const res = await outsider.api.get(`/groups/${pub.id}/chat`);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
      const priv = await buildGroup(owner, { visibility: 'private' });
      const unlisted = await buildGroup(owner, { visibility: 'unlisted' });
      const missing = await outsider.api.get(`/groups/${MISSING}/chat`);
      expect(missing.status).toBe(404);
      for (const [who, g] of [
        [outsider, priv],
        [outsider, unlisted],
        [cat, portal],
        [oscar, portal],
        [gus, other],
        [gus, pub],
      ] as const) {
        const hidden = await who.api.get(`/groups/${g.id}/chat`);
        expect(hidden.status).toBe(404);
        expect(hidden.body).toEqual(missing.body);
      }
    });

    it('owners and managers delete others\u2019 messages there; plain members do not; nobody edits another\u2019s', async () => {
      const chat = await chatOf(member, pub);
      const m1 = await send(member, chat.id, 'spam 1');
      const m2 = await send(member, chat.id, 'spam 2');
      const m3 = await send(owner, chat.id, 'from the owner');
      expect((await member.api.delete(`/conversations/${chat.id}/messages/${m3.id}`)).status).toBe(403);
      expect((await manager.api.patch(`/conversations/${chat.id}/messages/${m1.id}`, { body: 'moderated' })).status).toBe(403);
      expect((await manager.api.delete(`/conversations/${chat.id}/messages/${m1.id}`)).status).toBe(204);
      expect((await owner.api.delete(`/conversations/${chat.id}/messages/${m2.id}`)).status).toBe(204);
      const left = ids((await member.api.get(`/conversations/${chat.id}/messages`)).body.items);
      expect(left).toContain(m3.id);
      expect(left).not.toContain(m1.id);
      expect(left).not.toContain(m2.id);
      // A group's leaders have no say over direct conversations.
      const dm = await start(member, cat);
      const private1 = await send(cat, dm.id, 'between us');
      expect((await owner.api.delete(`/conversations/${dm.id}/messages/${private1.id}`)).status).toBe(404);
    });

    it('in an archived group: reading yes; sending, editing and deleting no (403)', async () => {
      const g = await buildGroup(owner, { visibility: 'public' });
      await addToGroup(t.ctx, g, member);
      const chat = await chatOf(member, g);
      const mine = await send(member, chat.id, 'before the archive');
      const ownerMsg = await send(owner, chat.id, 'owner before the archive');
      expect((await owner.api.patch(`/groups/${g.id}`, { archived: true })).status).toBe(200);
      expect((await member.api.get(`/groups/${g.id}/chat`)).status).toBe(200);
      expect(ids((await member.api.get(`/conversations/${chat.id}/messages`)).body.items)).toEqual([ownerMsg.id, mine.id]);
      expect((await member.api.post(`/conversations/${chat.id}/read`, { messageId: ownerMsg.id })).status).toBe(200);
      const refusals = [
        await member.api.post(`/conversations/${chat.id}/messages`, { body: 'after' }),
        await member.api.patch(`/conversations/${chat.id}/messages/${mine.id}`, { body: 'edited' }),
        await member.api.delete(`/conversations/${chat.id}/messages/${mine.id}`),
        await owner.api.delete(`/conversations/${chat.id}/messages/${mine.id}`),
        await owner.api.post(`/conversations/${chat.id}/messages`, { body: 'owner after' }),
      ];
      expect(refusals.map((r) => r.status)).toEqual([403, 403, 403, 403, 403]);
      expect(ids((await member.api.get(`/conversations/${chat.id}/messages`)).body.items)).toEqual([ownerMsg.id, mine.id]);
      expect((await member.api.get(`/conversations/${chat.id}/messages`)).body.items[1].body).toBe('before the archive');
    });

    it('someone removed from the group loses the chat at once', async () => {
      const g = await buildGroup(owner, { visibility: 'public' });
      const leaver = await fresh();
      await addToGroup(t.ctx, g, leaver);
      const chat = await chatOf(leaver, g);
      await send(owner, chat.id, 'welcome');
      const m = await send(leaver, chat.id, 'soon gone');
      const cursorPage = await leaver.api.get(`/conversations/${chat.id}/messages?limit=1`);
      expect(cursorPage.status).toBe(200);
      expect((await owner.api.delete(`/groups/${g.id}/members/${leaver.id}`)).status).toBe(204);
      const missing = await leaver.api.get(`/conversations/${MISSING}/messages`);
      for (const res of [
        await leaver.api.get(`/conversations/${chat.id}/messages`),
        await leaver.api.get(`/conversations/${chat.id}`),
        await leaver.api.post(`/conversations/${chat.id}/messages`, { body: 'still here?' }),
        await leaver.api.patch(`/conversations/${chat.id}/messages/${m.id}`, { body: 'edit' }),
        await leaver.api.delete(`/conversations/${chat.id}/messages/${m.id}`),
        await leaver.api.post(`/conversations/${chat.id}/read`, { messageId: m.id }),
      ]) {
        expect(res.status).toBe(404);
        expect(res.body).toEqual(missing.body);
      }
      const replayed = await leaver.api.get(`/conversations/${chat.id}/messages?cursor=${encodeURIComponent(cursorPage.body.nextCursor)}`);
      expect(replayed.status).toBe(404);
      expect(ids(await listed(leaver))).not.toContain(chat.id);
      // The public group still exists for him: its chat is refused, not hidden.
      expect((await leaver.api.get(`/groups/${g.id}/chat`)).status).toBe(403);
    });

    it('an admin who is not in the group does not read its chat', async () => {
      const g = await buildGroup(owner, { visibility: 'private' });
      const chat = await chatOf(owner, g);
      const m = await send(owner, chat.id, 'owners only');
      expect((await admin.api.get(`/groups/${g.id}/chat`)).status).toBe(403);
      expect((await admin.api.get(`/conversations/${chat.id}/messages`)).status).toBe(404);
      expect((await admin.api.delete(`/conversations/${chat.id}/messages/${m.id}`)).status).toBe(404);
      expect(ids(await listed(admin))).not.toContain(chat.id);
    });
  });

  describe('non-members of a conversation', () => {
    it('get 404 on every route, exactly like a missing conversation', async () => {
      const a = await fresh();
      const b = await fresh();
      const conv = await start(a, b);
      const m = await send(a, conv.id, 'private');
      const snapshot = async () => ({
        messages: await t.ctx.db.selectFrom('messages').selectAll().where('conversation_id', '=', conv.id).execute(),
        members: await t.ctx.db.selectFrom('conversation_members').selectAll().where('conversation_id', '=', conv.id).execute(),
        conv: await t.ctx.db.selectFrom('conversations').selectAll().where('id', '=', conv.id).execute(),
      });
      const before = await snapshot();
      const calls: [string, (id: string) => Promise<Res>][] = [
        ['GET conversation', (id) => cat.api.get(`/conversations/${id}`)],
        ['GET messages', (id) => cat.api.get(`/conversations/${id}/messages`)],
        ['POST message', (id) => cat.api.post(`/conversations/${id}/messages`, { body: 'let me in', clientId: 'sneak' })],
        ['PATCH message', (id) => cat.api.patch(`/conversations/${id}/messages/${m.id}`, { body: 'mine now' })],
        ['DELETE message', (id) => cat.api.delete(`/conversations/${id}/messages/${m.id}`)],
        ['POST read', (id) => cat.api.post(`/conversations/${id}/read`, { messageId: m.id })],
      ];
      for (const who of [cat, admin]) {
        for (const [name, call] of calls) {
          const real = await call(conv.id);
          const missing = await call(MISSING);
          expect(real.status, `${name} as ${who === admin ? 'admin' : 'colleague'}`).toBe(404);
          expect(real.body, name).toEqual(missing.body);
        }
      }
      expect(await snapshot()).toEqual(before);
      expect(ids(await listed(cat))).not.toContain(conv.id);
    });
  });

  describe('rate limit', () => {
    it('limits sends and edits per person: 429 with Retry-After; a retried clientId still answers; others still write', async () => {
      const limited = await createTestApp({ WRITE_LIMIT_PER_MINUTE: '3' });
      try {
        await buildOrg(limited.ctx, limited.app);
        const x = await buildUser(limited.ctx, limited.app);
        const y = await buildUser(limited.ctx, limited.app);
        const conv = (await x.api.post('/conversations', { memberIds: [y.id] })).body.conversation;
        const sent: Res[] = [];
        for (let i = 0; i < 2; i++) sent.push(await x.api.post(`/conversations/${conv.id}/messages`, { body: `m${i}`, clientId: `k${i}` }));
        expect(sent.map((r) => r.status)).toEqual([201, 201]);
        const over = await x.api.post(`/conversations/${conv.id}/messages`, { body: 'one too many' });
        expect(over.status).toBe(429);
        expect(over.body.error.code).toBe('rate_limited');
        const retryAfter = Number(over.headers['retry-after']);
        expect(Number.isInteger(retryAfter)).toBe(true);
        expect(retryAfter).toBeGreaterThanOrEqual(1);
        expect(retryAfter).toBeLessThanOrEqual(60);
        expect((await x.api.patch(`/conversations/${conv.id}/messages/${sent[0].body.message.id}`, { body: 'edit' })).status).toBe(429);
        // A retry of an acknowledged send is no new write: it answers the first message.
        const retry = await x.api.post(`/conversations/${conv.id}/messages`, { body: 'm0', clientId: 'k0' });
        expect(retry.status).toBe(200);
        expect(retry.body.message.id).toBe(sent[0].body.message.id);
        expect(await limited.ctx.db.selectFrom('messages').select('id').where('author_id', '=', x.id).execute()).toHaveLength(2);
        // Per person; reads are never limited.
        expect((await y.api.post(`/conversations/${conv.id}/messages`, { body: 'fine' })).status).toBe(201);
        for (let i = 0; i < 5; i++) expect((await x.api.get(`/conversations/${conv.id}/messages`)).status).toBe(200);
      } finally {
        await limited.close();
      }
    });
  });
});
