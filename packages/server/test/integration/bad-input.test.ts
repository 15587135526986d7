import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToGroup, buildComment, buildGroup, buildGuest, buildOrg, buildPost, buildUser, follow, type TestUser } from '../factories.js';
import { createTestApp, type TestApp } from '../harness.js';
import { routeTable } from '../routes.js';

/**
 * Hostile input to every route that takes a body or params (SECURITY.md #10, #20): objects where
 * strings belong, arrays, numbers, prototype keys, SQL metacharacters, missing and huge ids,
 * unicode. Every answer is a 4xx with `{"error": {code, message}}`, never a 500, and nothing
 * stored before changes.
 */

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
interface Fixture {
  admin: TestUser;
  victim: TestUser;
  postId: string;
  commentId: string;
  /** The victim's customer group, with a member, a guest, a request to join and an announcement. */
  groupId: string;
  memberId: string;
  askerId: string;
  guestId: string;
  announcementId: string;
  /** A group conversation of the victim, the admin and the member, with a message of the admin and a newer one of the victim. */
  conversationId: string;
  adminMessageId: string;
  victimMessageId: string;
}
interface RouteCase {
  method: Method;
  /** Fastify's form, as the route table lists it. */
  url: string;
  /** A valid value for each param, pointing at real data where it matters. */
  params: (f: Fixture) => Record<string, string>;
  /** A valid JSON body (its fields get replaced one at a time); `multipart` for uploads; none for routes that take no body. */
  body?: (f: Fixture) => Record<string, unknown>;
  multipart?: true;
}

const MISSING_ID = '01HZZZZZZZZZZZZZZZZZZZZZZZ';
const ADMIN_PASSWORD = 'admin password 1';
const userId = (f: Fixture) => ({ id: f.victim.id });
const postId = (f: Fixture) => ({ id: f.postId });
const commentId = (f: Fixture) => ({ id: f.commentId });
const topic = () => ({ name: 'victimtopic' });
const token = () => ({ token: 'a'.repeat(43) });
const groupId = (f: Fixture) => ({ id: f.groupId });
const groupMember = (f: Fixture) => ({ id: f.groupId, userId: f.memberId });
const groupAsker = (f: Fixture) => ({ id: f.groupId, userId: f.askerId });
const none = () => ({});
const conversation = (f: Fixture) => ({ id: f.conversationId });
const conversationMessage = (f: Fixture) => ({ id: f.conversationId, messageId: f.adminMessageId });

const ROUTES: RouteCase[] = [
  { method: 'POST', url: '/api/v1/setup', params: none, body: () => ({ orgName: 'Evil', admin: { email: 'e@evil.test', name: 'E', password: 'long enough password' } }) },
  { method: 'POST', url: '/api/v1/auth/login', params: none, body: () => ({ email: 'nobody@acme.test', password: 'wrong password 123' }) },
  // The caller's real current password: a hostile body that got through would change it (rate-limited like sign-ins).
  { method: 'POST', url: '/api/v1/auth/password', params: none, body: () => ({ currentPassword: ADMIN_PASSWORD, newPassword: 'a brand new password' }) },
  { method: 'POST', url: '/api/v1/users', params: none, body: () => ({ email: 'new@acme.test', name: 'New', role: 'member' }) },
  { method: 'GET', url: '/api/v1/users/:id', params: userId },
  {
    method: 'PATCH',
    url: '/api/v1/users/:id',
    params: userId,
    body: () => ({ name: 'N', handle: 'hh', title: 'T', department: 'D', location: 'L', phone: 'P', about: 'A', skills: ['s'], experience: [], role: 'member', status: 'active', locale: 'en' }),
  },
  { method: 'PUT', url: '/api/v1/users/:id/avatar', params: userId, multipart: true },
  { method: 'GET', url: '/api/v1/users/:id/avatar', params: userId },
  { method: 'POST', url: '/api/v1/users/:id/follow', params: userId },
  { method: 'DELETE', url: '/api/v1/users/:id/follow', params: userId },
  { method: 'GET', url: '/api/v1/users/:id/followers', params: userId },
  { method: 'GET', url: '/api/v1/users/:id/following', params: userId },
  { method: 'GET', url: '/api/v1/users/:id/reports', params: userId },
  { method: 'GET', url: '/api/v1/users/:id/posts', params: userId },
  { method: 'POST', url: '/api/v1/users/:id/invitation', params: userId },
  { method: 'POST', url: '/api/v1/posts', params: none, body: (f) => ({ body: 'hostile neighbour', wallUserId: f.victim.id }) },
  { method: 'GET', url: '/api/v1/posts/:id', params: postId },
  { method: 'PATCH', url: '/api/v1/posts/:id', params: postId, body: () => ({ body: 'overwritten' }) },
  { method: 'DELETE', url: '/api/v1/posts/:id', params: postId },
  { method: 'PUT', url: '/api/v1/posts/:id/reactions/:kind', params: (f) => ({ id: f.postId, kind: 'like' }) },
  { method: 'DELETE', url: '/api/v1/posts/:id/reactions/:kind', params: (f) => ({ id: f.postId, kind: 'like' }) },
  { method: 'POST', url: '/api/v1/posts/:id/comments', params: postId, body: () => ({ body: 'hostile comment' }) },
  { method: 'GET', url: '/api/v1/posts/:id/comments', params: postId },
  { method: 'PATCH', url: '/api/v1/comments/:id', params: commentId, body: () => ({ body: 'overwritten' }) },
  { method: 'DELETE', url: '/api/v1/comments/:id', params: commentId },
  { method: 'GET', url: '/api/v1/topics/:name', params: topic },
  { method: 'POST', url: '/api/v1/topics/:name/follow', params: topic },
  { method: 'DELETE', url: '/api/v1/topics/:name/follow', params: topic },
  { method: 'GET', url: '/api/v1/topics/:name/posts', params: topic },
  { method: 'POST', url: '/api/v1/posts', params: none, body: (f) => ({ body: 'hostile group post', groupId: f.groupId, announcement: true, announcementExpiresAt: '2099-01-01T00:00:00Z' }) },
  { method: 'POST', url: '/api/v1/announcements/:id/dismiss', params: (f) => ({ id: f.announcementId }) },
  { method: 'POST', url: '/api/v1/groups', params: none, body: () => ({ name: 'Hostile', description: 'd', visibility: 'private', customer: true }) },
  { method: 'GET', url: '/api/v1/groups/:id', params: groupId },
  { method: 'PATCH', url: '/api/v1/groups/:id', params: groupId, body: () => ({ name: 'Renamed', description: 'd', visibility: 'private', archived: true }) },
  { method: 'GET', url: '/api/v1/groups/:id/posts', params: groupId },
  { method: 'PUT', url: '/api/v1/groups/:id/photo', params: groupId, multipart: true },
  { method: 'GET', url: '/api/v1/groups/:id/photo', params: groupId },
  { method: 'GET', url: '/api/v1/groups/:id/members', params: groupId },
  { method: 'POST', url: '/api/v1/groups/:id/members', params: groupId, body: (f) => ({ userId: f.askerId, role: 'owner' }) },
  { method: 'PATCH', url: '/api/v1/groups/:id/members/:userId', params: groupMember, body: () => ({ role: 'owner' }) },
  { method: 'DELETE', url: '/api/v1/groups/:id/members/:userId', params: groupMember },
  { method: 'POST', url: '/api/v1/groups/:id/join', params: groupId },
  { method: 'GET', url: '/api/v1/groups/:id/requests', params: groupId },
  { method: 'POST', url: '/api/v1/groups/:id/requests/:userId/approve', params: groupAsker },
  { method: 'POST', url: '/api/v1/groups/:id/requests/:userId/decline', params: groupAsker },
  { method: 'POST', url: '/api/v1/groups/:id/invitations', params: groupId, body: () => ({ email: 'outsider@customer.test' }) },
  { method: 'DELETE', url: '/api/v1/admin/guests/:id', params: (f) => ({ id: f.guestId }) },
  { method: 'GET', url: '/api/v1/invitations/:token', params: token },
  { method: 'POST', url: '/api/v1/invitations/:token/accept', params: token, body: () => ({ name: 'Invited', password: 'long enough password' }) },
  // Messaging: the admin takes part in the victim's conversation, so that anything let through would show.
  { method: 'POST', url: '/api/v1/conversations', params: none, body: (f) => ({ memberIds: [f.victim.id, f.askerId] }) },
  { method: 'GET', url: '/api/v1/conversations/:id', params: conversation },
  { method: 'GET', url: '/api/v1/conversations/:id/messages', params: conversation },
  { method: 'POST', url: '/api/v1/conversations/:id/messages', params: conversation, body: () => ({ body: 'hostile message', clientId: 'hostile-1' }) },
  { method: 'PATCH', url: '/api/v1/conversations/:id/messages/:messageId', params: conversationMessage, body: () => ({ body: 'overwritten' }) },
  { method: 'DELETE', url: '/api/v1/conversations/:id/messages/:messageId', params: conversationMessage },
  { method: 'POST', url: '/api/v1/conversations/:id/read', params: conversation, body: (f) => ({ messageId: f.victimMessageId }) },
  { method: 'GET', url: '/api/v1/groups/:id/chat', params: groupId },
  // The admin has an unread notification (the victim mentioned him): marking all read would show.
  { method: 'POST', url: '/api/v1/notifications/read', params: none, body: () => ({ upTo: MISSING_ID }) },
];
/** Writes that take neither params nor a body. */
const NO_INPUT = new Set(['POST /api/v1/auth/logout']);
/**
 * Routes that are no JSON request: the realtime stream is a WebSocket upgrade (its `?token=` and
 * `?since=` are tested over a real WebSocket in the realtime tests).
 */
const NOT_JSON = new Set(['GET /api/v1/stream']);

/** Values for a param that no route may accept: each must be a 4xx wherever it goes. */
const HOSTILE_PARAMS: [string, string][] = [
  ['SQL', "' OR 1=1 --"],
  ['SQL statement', '1; DROP TABLE posts'],
  ['quote', "x'"],
  ['operator object', '{"$ne":null}'],
  ['array', '["a","b"]'],
  ['10k characters', 'a'.repeat(10_000)],
  ['101 characters', 'a'.repeat(101)],
  ['emoji', '👍'],
  ['NUL', 'a\u0000b'],
  ['path traversal', '../../etc/passwd'],
  ['percent', '%'],
  ['space', 'a b'],
  ['markup', '<script>'],
];
/** Put into the URL as they are, not encoded: broken percent-encodings. */
const RAW_PARAMS: [string, string][] = [
  ['malformed percent-encoding', '%E0%A4%A'],
  ['lone percent', '%'],
  ['overlong UTF-8', '%C0%AF'],
];
/** Valid-looking values that name nothing: 4xx for ids and tokens; topic names and kinds are free text. */
const MISSING_PARAMS: [string, string][] = [
  ['missing id', MISSING_ID],
  ['__proto__', '__proto__'],
  ['constructor', 'constructor'],
  ['prototype', 'prototype'],
];

/** Replacements for one field of a valid body: the wrong type for every field of every schema. */
const HOSTILE_VALUES: [string, unknown][] = [
  ['operator object', { $ne: null }],
  ['array of objects', [{ $ne: null }]],
  ['number', 123],
  ['boolean', true],
  ['nested prototype object', { toString: 'x', valueOf: 1 }],
];
/** Whole bodies that are not the object a route expects. */
const HOSTILE_BODIES: [string, unknown][] = [
  ['array', []],
  ['string', 'just a string'],
  ['number', 42],
  ['null', null],
  ['boolean', true],
];

interface Attempt {
  label: string;
  method: Method;
  url: string;
  payload?: string | Buffer;
  contentType?: string;
}

function fill(url: string, params: Record<string, string>): string {
  return url.replace(/:([A-Za-z_]+)/g, (_m, name: string) => encodeURIComponent(params[name]));
}

/** Every hostile request for one route. */
function attempts(route: RouteCase, f: Fixture): Attempt[] {
  const out: Attempt[] = [];
  const params = route.params(f);
  const names = Object.keys(params);
  const base = { method: route.method };
  const validBody = route.body?.(f);
  // A valid body alongside bad params, so a params error is not hidden behind a body error.
  const bodyFor = (): Pick<Attempt, 'payload' | 'contentType'> =>
    validBody ? { payload: JSON.stringify(validBody), contentType: 'application/json' } : {};

  for (const name of names) {
    for (const [label, value] of HOSTILE_PARAMS) {
      out.push({ ...base, ...bodyFor(), label: `:${name} = ${label}`, url: fill(route.url, { ...params, [name]: value }) });
    }
    for (const [label, value] of RAW_PARAMS) {
      const url = fill(route.url, { ...params, [name]: '\u0001' }).replace('%01', value);
      out.push({ ...base, ...bodyFor(), label: `:${name} = ${label}`, url });
    }
    if (name === 'id' || name === 'token') {
      for (const [label, value] of MISSING_PARAMS) {
        out.push({ ...base, ...bodyFor(), label: `:${name} = ${label}`, url: fill(route.url, { ...params, [name]: value }) });
      }
    }
  }

  const url = fill(route.url, params);
  if (validBody) {
    for (const [label, body] of HOSTILE_BODIES) out.push({ ...base, url, label: `body = ${label}`, payload: JSON.stringify(body), contentType: 'application/json' });
    const fieldVariants = (obj: Record<string, unknown>, path: string[]): [string, Record<string, unknown>][] =>
      Object.entries(obj).flatMap(([key, value]) => {
        // A boolean is the wrong type everywhere but in a boolean field: there, the string "true" is.
        const values = HOSTILE_VALUES.map(([label, bad]): [string, unknown] => (typeof value === 'boolean' && typeof bad === 'boolean' ? ['string "true"', 'true'] : [label, bad]));
        const own: [string, Record<string, unknown>][] = values.map(([label, bad]) => [`${[...path, key].join('.')} = ${label}`, { ...obj, [key]: bad }]);
        const nested: [string, Record<string, unknown>][] =
          value && typeof value === 'object' && !Array.isArray(value)
            ? fieldVariants(value as Record<string, unknown>, [...path, key]).map(([l, v]) => [l, { ...obj, [key]: v }])
            : [];
        return [...own, ...nested];
      });
    for (const [label, body] of fieldVariants(validBody, [])) {
      out.push({ ...base, url, label: `body.${label}`, payload: JSON.stringify(body), contentType: 'application/json' });
    }
    const json = JSON.stringify(validBody).slice(1); // `"field":…}` to splice keys in front of
    const raw: [string, string][] = [
      ['__proto__ key', `{"__proto__":{"polluted":true,"role":"admin"},${json}`],
      ['constructor.prototype key', `{"constructor":{"prototype":{"polluted":true}},${json}`],
      ['nested __proto__', `{"x":{"__proto__":{"polluted":true}},${json}`],
      ['malformed JSON', '{"body": "unterminated'],
      ['trailing garbage', `${JSON.stringify(validBody)}garbage`],
      ['empty body', ''],
      ['duplicate keys with an object', `{${json.slice(0, -1)},${JSON.stringify(Object.keys(validBody)[0])}:{"$ne":null}}`],
    ];
    for (const [label, payload] of raw) out.push({ ...base, url, label, payload, contentType: 'application/json' });
    out.push({ ...base, url, label: 'text/plain body', payload: 'body=hello', contentType: 'text/plain' });
    out.push({ ...base, url, label: 'form body', payload: 'body=hello', contentType: 'application/x-www-form-urlencoded' });
    out.push({
      ...base,
      url,
      label: 'body over 1 MiB',
      payload: JSON.stringify({ ...validBody, padding: 'x'.repeat(1_100_000) }),
      contentType: 'application/json',
    });
  }
  if (route.multipart) {
    out.push({ ...base, url, label: 'JSON instead of multipart', payload: JSON.stringify({ file: { $ne: null } }), contentType: 'application/json' });
    out.push({ ...base, url, label: 'multipart without a file', payload: '--x\r\nContent-Disposition: form-data; name="file"\r\n\r\n{"$ne":null}\r\n--x--\r\n', contentType: 'multipart/form-data; boundary=x' });
  }
  return out;
}

const TABLES = [
  'organization',
  'users',
  'user_skills',
  'follows',
  'topic_follows',
  'posts',
  'post_mentions',
  'post_topics',
  'comments',
  'reactions',
  'groups',
  'group_members',
  'group_join_requests',
  'invitations',
  'announcement_dismissals',
  'conversations',
  'conversation_members',
  'messages',
  'notifications',
];

describe('hostile input', () => {
  let t: TestApp;
  let f: Fixture;

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await buildOrg(t.ctx, t.app, ADMIN_PASSWORD);
    const victim = await buildUser(t.ctx, t.app, { name: 'Victor Victim', title: 'Target', department: 'Ops' });
    const friend = await buildUser(t.ctx, t.app);
    await follow(friend, victim);
    await follow(admin, victim);
    const post = await buildPost(victim, `original #victimtopic @${friend.handle}`);
    const comment = await buildComment(victim, post.id, 'original comment');
    await friend.api.put(`/posts/${post.id}/reactions/like`);
    await admin.api.put(`/posts/${post.id}/reactions/like`);
    await admin.api.post('/topics/victimtopic/follow');
    const group = await buildGroup(victim, { name: 'Victim Customers', customer: true });
    await addToGroup(t.ctx, group, friend);
    const guest = await buildGuest(t.ctx, t.app, [group]);
    const asker = await buildUser(t.ctx, t.app);
    await asker.api.post(`/groups/${group.id}/join`);
    const announcement = await buildPost(victim, 'listen', { groupId: group.id, announcement: true });
    const conv = (await victim.api.post('/conversations', { memberIds: [admin.id, friend.id] })).body.conversation;
    const adminMessage = (await admin.api.post(`/conversations/${conv.id}/messages`, { body: 'original message' })).body.message;
    const victimMessage = (await victim.api.post(`/conversations/${conv.id}/messages`, { body: `original reply @${friend.handle}`, clientId: 'victim-1' })).body.message;
    await victim.api.get(`/groups/${group.id}/chat`);
    await buildPost(victim, `a word for @${admin.handle}`);
    if ((await admin.api.get('/notifications/unread')).body.unread !== 1) throw new Error('the admin should have one unread notification');
    f = {
      admin,
      victim,
      postId: post.id,
      commentId: comment.id,
      groupId: group.id,
      memberId: friend.id,
      askerId: asker.id,
      guestId: guest.id,
      announcementId: announcement.id,
      conversationId: conv.id,
      adminMessageId: adminMessage.id,
      victimMessageId: victimMessage.id,
    };
  });
  afterAll(() => t.close());

  async function snapshot() {
    const out: Record<string, unknown[]> = {};
    for (const table of TABLES) out[table] = (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(t.ctx.db)).rows.map((r) => JSON.stringify(r)).sort();
    return out;
  }

  it('covers every route of the app that takes params or a body', () => {
    const covered = new Set(ROUTES.map((r) => `${r.method} ${r.url}`));
    const missing = routeTable(t.app)
      .filter((r) => r.url.startsWith('/api/') && r.method !== 'HEAD' && r.method !== 'OPTIONS')
      .filter((r) => r.url.includes(':') || ['POST', 'PUT', 'PATCH'].includes(r.method))
      .map((r) => `${r.method} ${r.url}`)
      .filter((key) => !covered.has(key) && !NO_INPUT.has(key) && !NOT_JSON.has(key));
    expect(missing).toEqual([]);
  });

  it.each(ROUTES.map((r) => [`${r.method} ${r.url}`, r] as const))('%s answers every hostile input with a JSON 4xx and changes nothing', async (_name, route) => {
    const before = await snapshot();
    const failures: string[] = [];
    const list = attempts(route, f);
    expect(list.length).toBeGreaterThan(0);
    for (const a of list) {
      const res = await t.app.inject({
        method: a.method,
        url: a.url,
        payload: a.payload,
        headers: { authorization: `Bearer ${f.admin.token}`, ...(a.contentType ? { 'content-type': a.contentType } : {}) },
      });
      let body: { error?: { code?: unknown; message?: unknown } } | null = null;
      try {
        body = JSON.parse(res.body);
      } catch {
        /* reported below */
      }
      const shapeOk = body !== null && Object.keys(body).length === 1 && typeof body.error?.code === 'string' && typeof body.error?.message === 'string';
      if (res.statusCode < 400 || res.statusCode >= 500 || !shapeOk) {
        failures.push(`${a.label} (${a.method} ${a.url.slice(0, 120)}) → ${res.statusCode} ${res.body.slice(0, 160)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(await snapshot()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).role).toBeUndefined();
  });

  describe('query strings', () => {
    it('treats SQL metacharacters and LIKE wildcards in the directory search as plain text', async () => {
      for (const q of ["' OR 1=1 --", '%', '_', '\\', "Victim' --", '%Victim%']) {
        const res = await f.admin.api.get(`/users?q=${encodeURIComponent(q)}`);
        expect(res.status, q).toBe(200);
        expect(res.body.items, q).toEqual([]);
      }
      expect((await f.admin.api.get(`/users?q=${encodeURIComponent('victim')}`)).body.items.map((u: { id: string }) => u.id)).toEqual([f.victim.id]);
    });

    it.each([
      ['/users?q=a&q=b'],
      ['/users?status=%7B%22%24ne%22%3Anull%7D'],
      ['/users?status=deleted'],
      ['/users?q=' + 'x'.repeat(201)],
      ['/users?q=a%00b'],
      ['/feed?limit=1&limit=2'],
      ['/feed?cursor=a&cursor=b'],
      ['/feed?limit=%7B%22%24gt%22%3A0%7D'],
      ['/feed?limit=' + '9'.repeat(400)],
      ['/users/:id/posts?limit=-5'],
      ['/posts/:post/comments?cursor=' + encodeURIComponent("' OR 1=1 --")],
      ['/topics/victimtopic/posts?limit=NaN'],
      ['/groups?q=a%00b'],
      ['/groups?filter=everything'],
      ['/groups?q=' + 'x'.repeat(201)],
      ['/groups?cursor=' + encodeURIComponent("' OR 1=1 --")],
      ['/groups?cursor=' + Buffer.from(JSON.stringify(['a'])).toString('base64url')],
      ['/groups/:group/members?limit=0'],
      ['/groups/:group/posts?cursor=' + Buffer.from(JSON.stringify(['a', 'b'])).toString('base64url')],
      ['/groups/:group/requests?limit=101'],
      ['/admin/guests?cursor=' + Buffer.from(JSON.stringify([{ $ne: null }])).toString('base64url')],
      ['/admin/guests?limit=-1'],
      ['/conversations?limit=0'],
      ['/conversations?limit=101'],
      ['/conversations?cursor=' + encodeURIComponent("' OR 1=1 --")],
      ['/conversations?cursor=' + Buffer.from(JSON.stringify(['a'])).toString('base64url')],
      ['/conversations?cursor=' + Buffer.from(JSON.stringify([{ $ne: null }, 'b'])).toString('base64url')],
      ['/conversations/:conv/messages?cursor=' + Buffer.from(JSON.stringify(['a', 'b'])).toString('base64url')],
      ['/conversations/:conv/messages?cursor=' + Buffer.from(JSON.stringify([['x']])).toString('base64url')],
      ['/conversations/:conv/messages?limit=%7B%22%24gt%22%3A0%7D'],
      ['/conversations/:conv/messages?cursor=a&cursor=b'],
    ])('refuses %s with a JSON 4xx', async (template) => {
      const url = template.replace(':id', f.victim.id).replace(':post', f.postId).replace(':group', f.groupId).replace(':conv', f.conversationId);
      const res = await f.admin.api.get(url);
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(Object.keys(res.body)).toEqual(['error']);
      expect(typeof res.body.error.code).toBe('string');
    });
  });

  it('refuses NUL characters in any text with 400 (PostgreSQL cannot store them), storing nothing', async () => {
    const before = await snapshot();
    const attempts: [string, () => Promise<{ status: number; body: { error: { code: string } } }>][] = [
      ['post body', () => f.victim.api.post('/posts', { body: 'before\u0000after' })],
      ['post edit', () => f.victim.api.patch(`/posts/${f.postId}`, { body: 'x\u0000' })],
      ['comment', () => f.victim.api.post(`/posts/${f.postId}/comments`, { body: '\u0000' })],
      ['comment edit', () => f.victim.api.patch(`/comments/${f.commentId}`, { body: 'x\u0000y' })],
      ['profile field', () => f.victim.api.patch(`/users/${f.victim.id}`, { title: 'Boss\u0000' })],
      ['skill', () => f.victim.api.patch(`/users/${f.victim.id}`, { skills: ['ok', 'n\u0000l'] })],
      ['new person', () => f.admin.api.post('/users', { email: 'nul@acme.test', name: 'N\u0000L' })],
      ['login', () => f.admin.api.post('/auth/login', { email: 'nul\u0000@acme.test', password: 'whatever password' })],
      ['directory search', () => f.admin.api.get('/users?q=a%00b')],
      ['a key', () => f.victim.api.post('/posts', { body: 'fine', ['x\u0000']: 1 })],
      ['message', () => f.victim.api.post(`/conversations/${f.conversationId}/messages`, { body: 'a\u0000b' })],
      ['message clientId', () => f.victim.api.post(`/conversations/${f.conversationId}/messages`, { body: 'fine', clientId: 'a\u0000' })],
      ['message edit', () => f.admin.api.patch(`/conversations/${f.conversationId}/messages/${f.adminMessageId}`, { body: '\u0000' })],
      ['conversation members', () => f.victim.api.post('/conversations', { memberIds: [f.memberId, 'x\u0000'] })],
      ['password', () => f.admin.api.post('/auth/password', { currentPassword: ADMIN_PASSWORD, newPassword: 'new password\u0000!' })],
    ];
    for (const [name, attempt] of attempts) {
      const res = await attempt();
      expect(res.status, name).toBe(400);
      expect(res.body.error.code, name).toBe('validation_failed');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('stores SQL metacharacters and markup in text verbatim, as data', async () => {
    const body = "'); DROP TABLE posts; -- \" OR 1=1 /* <script>x</script> ü 👍 \\ %_";
    const post = await buildPost(f.victim, body);
    expect((await f.admin.api.get(`/posts/${post.id}`)).body.post.body).toBe(body);
    const comment = await buildComment(f.victim, post.id, body);
    expect((await f.admin.api.get(`/posts/${post.id}/comments`)).body.items.map((c: { body: string }) => c.body)).toEqual([body]);
    expect(comment.html).not.toContain('<script>');
    expect((await f.admin.api.get(`/posts/${f.postId}`)).status).toBe(200);
    await f.victim.api.delete(`/posts/${post.id}`);
    const message = (await f.victim.api.post(`/conversations/${f.conversationId}/messages`, { body })).body.message;
    expect((await f.admin.api.get(`/conversations/${f.conversationId}/messages?limit=1`)).body.items[0]).toMatchObject({ id: message.id, body });
    expect(message.html).not.toContain('<script>');
    expect((await f.victim.api.delete(`/conversations/${f.conversationId}/messages/${message.id}`)).status).toBe(204);
  });
});
