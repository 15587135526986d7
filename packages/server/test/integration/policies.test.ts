import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildComment, buildOrg, buildPost, buildUser, deactivate, type TestUser } from '../factories.js';
import { client, createTestApp, type Res, type TestApp } from '../harness.js';

/**
 * Who may do what, as the HTTP API answers it (DESIGN.md §4): every role × every resource × every
 * action, one row each, each with the status it must answer. A row whose write succeeds runs
 * against a world of its own; the others share one and must leave it exactly as it was.
 *
 * The roles: an admin; the owner (author of the post and the comment, the person of the profile
 * and the wall); another member; a deactivated person using the token he had; nobody (no token).
 */
type Role = 'admin' | 'owner' | 'member' | 'deactivated' | 'anonymous';
const ROLES: Role[] = ['admin', 'owner', 'member', 'deactivated', 'anonymous'];
type Action = 'list' | 'read' | 'create' | 'update' | 'delete';

interface World {
  admin: TestUser;
  owner: TestUser;
  member: TestUser;
  /** A third person: "someone else" for every role. */
  carol: TestUser;
  deactivated: TestUser;
  /** Deactivated long ago, for the hidden-profile rows. */
  gone: TestUser;
  /** A topic of this world's own, with the owner's post in it. */
  topic: string;
  /** The owner's post, tagged with the topic. */
  ownPost: string;
  /** Carol's post. */
  carolPost: string;
  /** Carol's department, hers alone: the directory lists it. */
  department: string;
  /** The post the deactivated-long-ago person wrote before leaving. */
  gonePost: string;
  /** The owner's comment on Carol's post. */
  comment: string;
  /** Carol's comment on the owner's post. */
  commentOnOwnPost: string;
  /** Carol's post on the owner's wall. */
  wallPost: string;
}

type Request = [method: 'get' | 'post' | 'patch' | 'put' | 'delete', url: string, payload?: unknown];

interface Row {
  role: Role;
  resource: string;
  action: Action;
  expected: number;
  request: (w: World, self: TestUser) => Request;
  /** On success, the list (`items`) must hold this id. */
  sees?: (w: World) => string;
}

let seq = 0;
const newEmail = () => `new-${Date.now().toString(36)}-${seq++}@acme.test`;

/** One resource's five actions, with the expected status for [admin, owner, member, deactivated, anonymous]. */
function resource(
  name: string,
  actions: Record<Action, { request: Row['request']; expected: [number, number, number, number, number]; sees?: Row['sees'] }>,
): Row[] {
  return (Object.keys(actions) as Action[]).flatMap((action) =>
    ROLES.map((role, i) => ({
      role,
      resource: name,
      action,
      expected: actions[action].expected[i],
      request: actions[action].request,
      sees: actions[action].sees,
    })),
  );
}

// Shorthands for the expected columns: [admin, owner, member, deactivated, anonymous].
const everyone = (ok: number): [number, number, number, number, number] => [ok, ok, ok, 401, 401];
const noRoute: [number, number, number, number, number] = [404, 404, 404, 404, 404];

const ROWS: Row[] = [
  ...resource('own post', {
    list: { request: (w) => ['get', `/users/${w.owner.id}/posts`], expected: everyone(200), sees: (w) => w.ownPost },
    read: { request: (w) => ['get', `/posts/${w.ownPost}`], expected: everyone(200) },
    create: { request: (w) => ['post', '/posts', { body: `a new post #${w.topic}` }], expected: everyone(201) },
    update: { request: (w) => ['patch', `/posts/${w.ownPost}`, { body: 'edited' }], expected: [200, 200, 403, 401, 401] },
    delete: { request: (w) => ['delete', `/posts/${w.ownPost}`], expected: [204, 204, 403, 401, 401] },
  }),
  ...resource("someone else's post", {
    list: { request: (w) => ['get', `/users/${w.carol.id}/posts`], expected: everyone(200), sees: (w) => w.carolPost },
    read: { request: (w) => ['get', `/posts/${w.carolPost}`], expected: everyone(200) },
    // Creating next to someone else: a post on his wall.
    create: { request: (w) => ['post', '/posts', { body: 'on your wall', wallUserId: w.carol.id }], expected: everyone(201) },
    update: { request: (w) => ['patch', `/posts/${w.carolPost}`, { body: 'edited' }], expected: [200, 403, 403, 401, 401] },
    delete: { request: (w) => ['delete', `/posts/${w.carolPost}`], expected: [204, 403, 403, 401, 401] },
  }),
  ...resource('a comment', {
    list: { request: (w) => ['get', `/posts/${w.carolPost}/comments`], expected: everyone(200), sees: (w) => w.comment },
    // Comments are read through their post's list; there is no route of their own for reading.
    read: { request: (w) => ['get', `/posts/${w.carolPost}/comments?limit=1`], expected: everyone(200), sees: (w) => w.comment },
    create: { request: (w) => ['post', `/posts/${w.carolPost}/comments`, { body: 'me too' }], expected: everyone(201) },
    // Only the author edits a comment: not even an admin puts words in his mouth.
    update: { request: (w) => ['patch', `/comments/${w.comment}`, { body: 'edited' }], expected: [403, 200, 403, 401, 401] },
    delete: { request: (w) => ['delete', `/comments/${w.comment}`], expected: [204, 204, 403, 401, 401] },
  }),
  ...resource("someone's comment on the owner's post", {
    list: { request: (w) => ['get', `/posts/${w.ownPost}/comments`], expected: everyone(200), sees: (w) => w.commentOnOwnPost },
    read: { request: (w) => ['get', `/posts/${w.ownPost}/comments?limit=1`], expected: everyone(200), sees: (w) => w.commentOnOwnPost },
    create: { request: (w) => ['post', `/posts/${w.ownPost}/comments`, { body: 'and another thing' }], expected: everyone(201) },
    update: { request: (w) => ['patch', `/comments/${w.commentOnOwnPost}`, { body: 'edited' }], expected: [403, 403, 403, 401, 401] },
    // The post's author moderates his own thread.
    delete: { request: (w) => ['delete', `/comments/${w.commentOnOwnPost}`], expected: [204, 204, 403, 401, 401] },
  }),
  ...resource('own profile', {
    list: { request: (_w, self) => ['get', `/users/${self.id}/followers`], expected: everyone(200) },
    read: { request: (_w, self) => ['get', `/users/${self.id}`], expected: everyone(200) },
    // A profile is created by adding a person: admins only.
    create: { request: () => ['post', '/users', { email: newEmail(), name: 'New Person' }], expected: [201, 403, 403, 401, 401] },
    update: { request: (_w, self) => ['patch', `/users/${self.id}`, { title: 'Chief Tester' }], expected: everyone(200) },
    // Profiles are deactivated, not deleted, and never by oneself (no admin locks himself out).
    delete: { request: (_w, self) => ['patch', `/users/${self.id}`, { status: 'deactivated' }], expected: [403, 403, 403, 401, 401] },
  }),
  ...resource("someone else's profile", {
    list: { request: (w) => ['get', `/users/${w.carol.id}/following`], expected: everyone(200) },
    read: { request: (w) => ['get', `/users/${w.carol.id}`], expected: everyone(200) },
    // What one creates on someone else's profile: a follow.
    create: { request: (w) => ['post', `/users/${w.carol.id}/follow`], expected: everyone(200) },
    update: { request: (w) => ['patch', `/users/${w.carol.id}`, { title: 'Demoted' }], expected: [200, 403, 403, 401, 401] },
    delete: { request: (w) => ['patch', `/users/${w.carol.id}`, { status: 'deactivated' }], expected: [200, 403, 403, 401, 401] },
  }),
  ...resource("a deactivated person's profile", {
    // Hidden from everyone but admins, and hidden as 404, exactly like a missing person.
    list: { request: (w) => ['get', `/users/${w.gone.id}/followers`], expected: [200, 404, 404, 401, 401] },
    read: { request: (w) => ['get', `/users/${w.gone.id}`], expected: [200, 404, 404, 401, 401] },
    create: { request: (w) => ['post', `/users/${w.gone.id}/follow`], expected: [400, 404, 404, 401, 401] },
    update: { request: (w) => ['patch', `/users/${w.gone.id}`, { title: 'Ghost' }], expected: [200, 404, 404, 401, 401] },
    delete: { request: (w) => ['patch', `/users/${w.gone.id}`, { status: 'deactivated' }], expected: [200, 404, 404, 401, 401] },
  }),
  ...resource('the directory', {
    list: { request: (w) => ['get', `/users?department=${encodeURIComponent(w.department)}`], expected: everyone(200), sees: (w) => w.carol.id },
    read: { request: (w) => ['get', `/users?q=${encodeURIComponent(w.carol.handle)}`], expected: everyone(200), sees: (w) => w.carol.id },
    create: { request: () => ['post', '/users', { email: newEmail(), name: 'Another Person' }], expected: [201, 403, 403, 401, 401] },
    // No bulk writes: the directory changes one person at a time.
    update: { request: () => ['patch', '/users', { title: 'everyone' }], expected: noRoute },
    delete: { request: () => ['delete', '/users'], expected: noRoute },
  }),
  ...resource('a topic feed', {
    list: { request: (w) => ['get', `/topics/${w.topic}/posts`], expected: everyone(200), sees: (w) => w.ownPost },
    read: { request: (w) => ['get', `/topics/${w.topic}`], expected: everyone(200) },
    create: { request: (w) => ['post', `/topics/${w.topic}/follow`], expected: everyone(200) },
    // A topic is a tag, not an object: nobody edits one.
    update: { request: (w) => ['patch', `/topics/${w.topic}`, { name: 'renamed' }], expected: noRoute },
    delete: { request: (w) => ['delete', `/topics/${w.topic}/follow`], expected: everyone(200) },
  }),
  ...resource("the owner's wall", {
    list: { request: (w) => ['get', `/users/${w.owner.id}/posts`], expected: everyone(200), sees: (w) => w.wallPost },
    read: { request: (w) => ['get', `/posts/${w.wallPost}`], expected: everyone(200) },
    create: { request: (w) => ['post', '/posts', { body: 'hello wall', wallUserId: w.owner.id }], expected: everyone(201) },
    // A post on his wall is still its author's: the wall's owner neither edits nor deletes it (API.md).
    update: { request: (w) => ['patch', `/posts/${w.wallPost}`, { body: 'edited' }], expected: [200, 403, 403, 401, 401] },
    delete: { request: (w) => ['delete', `/posts/${w.wallPost}`], expected: [204, 403, 403, 401, 401] },
  }),
  ...resource("a deactivated person's wall", {
    list: { request: (w) => ['get', `/users/${w.gone.id}/posts`], expected: [200, 404, 404, 401, 401] },
    // His posts stay readable where they appear (he stays visible as an author); only his wall is hidden.
    read: { request: (w) => ['get', `/posts/${w.gonePost}`], expected: everyone(200) },
    create: { request: (w) => ['post', '/posts', { body: 'anyone there?', wallUserId: w.gone.id }], expected: [404, 404, 404, 401, 401] },
    update: { request: (w) => ['patch', `/posts/${w.gonePost}`, { body: 'moderated' }], expected: [200, 403, 403, 401, 401] },
    delete: { request: (w) => ['delete', `/posts/${w.gonePost}`], expected: [204, 403, 403, 401, 401] },
  }),
];

describe('policies: role × resource × action', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    await buildOrg(t.ctx, t.app);
  });
  afterAll(() => t.close());

  async function buildWorld(): Promise<World> {
    const admin = await buildUser(t.ctx, t.app, { role: 'admin' });
    const owner = await buildUser(t.ctx, t.app);
    const member = await buildUser(t.ctx, t.app);
    const department = `Dept ${Date.now().toString(36)}-${seq++}`;
    const carol = await buildUser(t.ctx, t.app, { department });
    const deactivated = await buildUser(t.ctx, t.app);
    const gone = await buildUser(t.ctx, t.app);
    const topic = `policy${seq++}`;
    const ownPost = (await buildPost(owner, `the owner speaks #${topic}`)).id;
    const carolPost = (await buildPost(carol, 'carol speaks')).id;
    const comment = (await buildComment(owner, carolPost, 'the owner comments')).id;
    const commentOnOwnPost = (await buildComment(carol, ownPost, 'carol comments')).id;
    const wallPost = (await buildPost(carol, 'carol on the owner\'s wall', { wallUserId: owner.id })).id;
    const gonePost = (await buildPost(gone, 'before leaving')).id;
    // The deactivated person had a post and a session; his token is what he tries.
    await buildPost(deactivated, 'before deactivation');
    await deactivate(admin, deactivated);
    await deactivate(admin, gone);
    return { admin, owner, member, carol, deactivated, gone, department, gonePost, topic, ownPost, carolPost, comment, commentOnOwnPost, wallPost };
  }

  /** Everything a row could change, to prove refused requests change nothing. */
  async function snapshot() {
    const db = t.ctx.db;
    return {
      posts: await db.selectFrom('posts').select(['id', 'body', 'edited_at', 'wall_user_id', 'comments_count']).orderBy('id').execute(),
      comments: await db.selectFrom('comments').select(['id', 'body', 'edited_at']).orderBy('id').execute(),
      users: await db.selectFrom('users').select(['id', 'status', 'role', 'title']).orderBy('id').execute(),
      follows: await db.selectFrom('follows').selectAll().orderBy('follower_id').orderBy('followee_id').execute(),
      topicFollows: await db.selectFrom('topic_follows').select(['user_id', 'topic']).orderBy('user_id').orderBy('topic').execute(),
    };
  }

  it('covers every role × resource × action exactly once', () => {
    const resources = [...new Set(ROWS.map((r) => r.resource))];
    expect(resources.length).toBeGreaterThanOrEqual(8);
    expect(ROWS).toHaveLength(resources.length * 5 * ROLES.length);
    const keys = new Set(ROWS.map((r) => `${r.role}|${r.resource}|${r.action}`));
    expect(keys.size).toBe(ROWS.length);
    for (const r of ROWS) expect(r.expected, `${r.role} ${r.action} ${r.resource}`).toBeGreaterThanOrEqual(200);
  });

  // Rows that change the world (successful writes) get a fresh one; the others share one, and
  // their snapshot check proves they changed nothing.
  let shared: Promise<World> | null = null;

  it.each(ROWS.map((r) => [`${r.role} ${r.action}s ${r.resource} → ${r.expected}`, r] as const))('%s', async (_name, row) => {
    const base = await (shared ??= buildWorld());
    const writes = row.request(base, base.owner)[0] !== 'get';
    const w = writes && row.expected < 400 ? await buildWorld() : base;
    const self: TestUser = row.role === 'anonymous' ? w.owner : w[row.role];
    const api = row.role === 'anonymous' ? client(t.app) : self.api;
    const [method, url, payload] = row.request(w, self);
    const before = row.expected >= 400 ? await snapshot() : null;
    const res: Res = method === 'get' || method === 'delete' ? await api[method](url) : await api[method](url, payload);
    expect(res.status, `${method.toUpperCase()} ${url}: ${JSON.stringify(res.body).slice(0, 200)}`).toBe(row.expected);
    if (res.status >= 400) {
      expect(res.body.error.code).toBe(
        { 400: 'validation_failed', 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found' }[res.status as 400 | 401 | 403 | 404],
      );
      expect(await snapshot()).toEqual(before);
    }
    if (row.sees && res.status === 200) {
      expect(res.body.items.map((x: { id: string }) => x.id)).toContain(row.sees(w));
    }
  });
});
