import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToGroup, buildComment, buildGroup, buildGuest, buildOrg, buildPost, buildUser, deactivate, type TestGroup, type TestUser } from '../factories.js';
import { client, createTestApp, type Client, type Res, type TestApp } from '../harness.js';

/**
 * Who may do what with groups and what surrounds them (DESIGN.md §4, issue 3): every role ×
 * every resource × every action, one cell each, each with the answer it must give.
 *
 * Roles: an admin (member of no group); the owner, a manager and a plain member of each of the
 * world's four groups; a colleague in none of them; a guest of the world's customer group; a
 * guest of another customer group; a deactivated person who was a member of all four, using the
 * token he had; nobody (no token).
 *
 * Resources: for each group (public, private, unlisted, customer) the group itself, its feed, a
 * post in it (by the member), that post's comments (one by the manager), its reactions (a like by
 * a colleague of the group) and its members; then a company post, a colleague's profile, the
 * directory, a topic feed and a wall. The colleague ("subject") is a plain member of all four
 * groups, so that the customer group's guest may see him and the other guest may not.
 *
 * An expected answer is a status, or `S`/`H` for a 200 list that must show / must not show the
 * cell's object (lists are paged through to the end). Where an action means nothing for a
 * resource, the cell says that no route offers it: 404 for everyone, signed in or not.
 *
 * Cells whose write succeeds and would change what later cells see (archiving, joining a public
 * group, deactivating) run in a world of their own; other writes work on fresh objects made for
 * the cell (`setup`) or leave nothing behind that another cell looks at. Refused writes must leave
 * every table exactly as it was.
 */

const ROLES = ['admin', 'owner', 'manager', 'member', 'nonmember', 'guest', 'otherGuest', 'deactivated', 'anonymous'] as const;
type Role = (typeof ROLES)[number];
const ACTIONS = ['list', 'read', 'create', 'update', 'delete', 'join', 'invite'] as const;
type Action = (typeof ACTIONS)[number];
const KINDS = ['public', 'private', 'unlisted', 'customer'] as const;
type Kind = (typeof KINDS)[number];
type Expect = number | 'S' | 'H';

interface GroupFixture {
  group: TestGroup;
  /** A topic only this group's post carries. */
  topic: string;
  /** The member's post in the group. */
  post: string;
  /** The manager's comment on it. */
  comment: string;
  /** The owner's announcement in the group. */
  announcement: string;
}

interface World {
  users: Record<Exclude<Role, 'anonymous'>, TestUser>;
  /** A colleague, plain member of all four groups: the profile and the wall. */
  subject: TestUser;
  groups: Record<Kind, GroupFixture>;
  /** The world's own topic, carried by the company post. */
  topic: string;
  /** The subject's company post (no group). */
  companyPost: string;
  /** The owner's post on the subject's wall. */
  wallPost: string;
}

type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';
type Request = [method: Method, url: string, payload?: unknown];
/** What a cell's setup made for it: ids of fresh objects. */
type Extra = Record<string, string>;

interface Spec {
  request: (w: World, extra: Extra) => Request;
  /** Fresh objects for the cell, made before it runs (and before the snapshot). */
  setup?: (w: World) => Promise<Extra>;
  /** For S/H cells: whether the answer shows the cell's object. */
  sees?: (w: World, body: any) => boolean;
  /** A success changes what later cells see: run it in a world of its own. */
  fresh?: boolean;
  /** Remove what a cell made, so that it does not crowd lists later cells read. */
  cleanup?: (w: World, extra: Extra, res: Res) => Promise<void>;
}

interface Row {
  role: Role;
  resource: string;
  action: Action;
  expected: Expect;
  spec: Spec;
}

let seq = 0;
const next = () => `${Date.now().toString(36)}x${seq++}`;
const newEmail = () => `new-${next()}@acme.test`;

/** `'S S 404 …'` → one expected answer per role, in ROLES order. */
function cells(line: string): Expect[] {
  const out = line.trim().split(/\s+/).map((x) => (x === 'S' || x === 'H' ? x : Number(x)));
  if (out.length !== ROLES.length || out.some((x) => typeof x === 'number' && !(x >= 200 && x < 500))) throw new Error(`bad row: ${line}`);
  return out;
}
const NO_ROUTE = '404 404 404 404 404 404 404 404 404';
const notApplicable = (url: (w: World) => string, method: Method = 'post'): Spec => ({ request: (w) => [method, url(w), {}] });

const has = (items: { id: string }[], id: string) => items.some((x) => x.id === id);
const hasUser = (items: { user: { id: string } }[], id: string) => items.some((x) => x.user.id === id);

// ---------------------------------------------------------------------------------------------
// The expected answers. Columns: admin owner manager member nonmember guest otherGuest deactivated anonymous
// ---------------------------------------------------------------------------------------------

type GroupTable = Record<Action, Record<Kind, string>>;

const GROUP: GroupTable = {
  // GET /groups?q=<name>: private groups are listed to colleagues (to ask to join); unlisted only to members; guests see only their own.
  list: {
    public: '   S   S   S   S   S   H   H 401 401',
    private: '  S   S   S   S   S   H   H 401 401',
    unlisted: ' S   S   S   S   H   H   H 401 401',
    customer: ' S   S   S   S   S   S   H 401 401',
  },
  // GET /groups/:id
  read: {
    public: '   200 200 200 200 200 404 404 401 401',
    private: '  200 200 200 200 200 404 404 401 401',
    unlisted: ' 200 200 200 200 404 404 404 401 401',
    customer: ' 200 200 200 200 200 200 404 401 401',
  },
  // POST /groups (a new group of this kind): colleagues, never guests.
  create: {
    public: '   201 201 201 201 201 403 403 401 401',
    private: '  201 201 201 201 201 403 403 401 401',
    unlisted: ' 201 201 201 201 201 403 403 401 401',
    customer: ' 201 201 201 201 201 403 403 401 401',
  },
  // PATCH /groups/:id {description}: owners, managers, admins.
  update: {
    public: '   200 200 200 403 403 404 404 401 401',
    private: '  200 200 200 403 403 404 404 401 401',
    unlisted: ' 200 200 200 403 404 404 404 401 401',
    customer: ' 200 200 200 403 403 403 404 401 401',
  },
  // PATCH /groups/:id {archived: true}: groups are archived, not deleted.
  delete: {
    public: '   200 200 200 403 403 404 404 401 401',
    private: '  200 200 200 403 403 404 404 401 401',
    unlisted: ' 200 200 200 403 404 404 404 401 401',
    customer: ' 200 200 200 403 403 403 404 401 401',
  },
  // POST /groups/:id/join: public → joined, private → requested, members → already joined; unlisted groups take no requests.
  join: {
    public: '   200 200 200 200 200 404 404 401 401',
    private: '  200 200 200 200 200 404 404 401 401',
    unlisted: ' 403 200 200 200 404 404 404 401 401',
    customer: ' 200 200 200 200 200 200 404 401 401',
  },
  // POST /groups/:id/invitations {email}: customer groups only, by their owners and managers (and admins).
  invite: {
    public: '   403 403 403 403 403 404 404 401 401',
    private: '  403 403 403 403 403 404 404 401 401',
    unlisted: ' 403 403 403 403 404 404 404 401 401',
    customer: ' 201 201 201 403 403 403 404 401 401',
  },
};

const FEED: GroupTable = {
  // GET /groups/:id/posts shows the member's post.
  list: {
    public: '   S   S   S   S   S 404 404 401 401',
    private: '  S   S   S   S 404 404 404 401 401',
    unlisted: ' S   S   S   S 404 404 404 401 401',
    customer: ' S   S   S   S 404   S 404 401 401',
  },
  // GET /feed: a group's posts reach its members' home feeds, nobody else's.
  read: {
    public: '   H   S   S   S   H   H   H 401 401',
    private: '  H   S   S   S   H   H   H 401 401',
    unlisted: ' H   S   S   S   H   H   H 401 401',
    customer: ' H   S   S   S   H   S   H 401 401',
  },
  // POST /posts {groupId}: members (the guest included); readers who are not members are refused.
  create: {
    public: '   403 201 201 201 403 404 404 401 401',
    private: '  403 201 201 201 404 404 404 401 401',
    unlisted: ' 403 201 201 201 404 404 404 401 401',
    customer: ' 403 201 201 201 404 201 404 401 401',
  },
  // POST /posts {groupId, announcement: true}: the group's owners and admins.
  update: {
    public: '   201 201 403 403 403 404 404 401 401',
    private: '  201 201 403 403 404 404 404 401 401',
    unlisted: ' 201 201 403 403 404 404 404 401 401',
    customer: ' 201 201 403 403 404 403 404 401 401',
  },
  // POST /announcements/:id/dismiss (a group announcement): whoever may read it.
  delete: {
    public: '   204 204 204 204 204 404 404 401 401',
    private: '  204 204 204 204 404 404 404 401 401',
    unlisted: ' 204 204 204 204 404 404 404 401 401',
    customer: ' 204 204 204 204 404 204 404 401 401',
  },
  // GET /announcements: the group's announcement stands at the top of its members' feeds only.
  join: {
    public: '   H   S   S   S   H   H   H 401 401',
    private: '  H   S   S   S   H   H   H 401 401',
    unlisted: ' H   S   S   S   H   H   H 401 401',
    customer: ' H   S   S   S   H   S   H 401 401',
  },
  // Nobody is invited into a feed: no route.
  invite: { public: NO_ROUTE, private: NO_ROUTE, unlisted: NO_ROUTE, customer: NO_ROUTE },
};

const POST: GroupTable = {
  // GET /topics/<the group's topic>/posts: a topic page shows only what the caller may read.
  list: {
    public: '   S   S   S   S   S   H   H 401 401',
    private: '  S   S   S   S   H   H   H 401 401',
    unlisted: ' S   S   S   S   H   H   H 401 401',
    customer: ' S   S   S   S   H   S   H 401 401',
  },
  // GET /posts/:id
  read: {
    public: '   200 200 200 200 200 404 404 401 401',
    private: '  200 200 200 200 404 404 404 401 401',
    unlisted: ' 200 200 200 200 404 404 404 401 401',
    customer: ' 200 200 200 200 404 200 404 401 401',
  },
  // POST /posts {groupId} mentioning the post's author: a post about it, in the group.
  create: {
    public: '   403 201 201 201 403 404 404 401 401',
    private: '  403 201 201 201 404 404 404 401 401',
    unlisted: ' 403 201 201 201 404 404 404 401 401',
    customer: ' 403 201 201 201 404 201 404 401 401',
  },
  // PATCH /posts/:id: its author (the member), the group's owners and managers, admins.
  update: {
    public: '   200 200 200 200 403 404 404 401 401',
    private: '  200 200 200 200 404 404 404 401 401',
    unlisted: ' 200 200 200 200 404 404 404 401 401',
    customer: ' 200 200 200 200 404 403 404 401 401',
  },
  // DELETE /posts/:id (a fresh post by the member)
  delete: {
    public: '   204 204 204 204 403 404 404 401 401',
    private: '  204 204 204 204 404 404 404 401 401',
    unlisted: ' 204 204 204 204 404 404 404 401 401',
    customer: ' 204 204 204 204 404 403 404 401 401',
  },
  join: { public: NO_ROUTE, private: NO_ROUTE, unlisted: NO_ROUTE, customer: NO_ROUTE },
  invite: { public: NO_ROUTE, private: NO_ROUTE, unlisted: NO_ROUTE, customer: NO_ROUTE },
};

const COMMENTS: GroupTable = {
  // GET /posts/:id/comments shows the manager's comment.
  list: {
    public: '   S   S   S   S   S 404 404 401 401',
    private: '  S   S   S   S 404 404 404 401 401',
    unlisted: ' S   S   S   S 404 404 404 401 401',
    customer: ' S   S   S   S 404   S 404 401 401',
  },
  // GET /posts/:id/comments?limit=1: the first (the manager's) comment.
  read: {
    public: '   S   S   S   S   S 404 404 401 401',
    private: '  S   S   S   S 404 404 404 401 401',
    unlisted: ' S   S   S   S 404 404 404 401 401',
    customer: ' S   S   S   S 404   S 404 401 401',
  },
  // POST /posts/:id/comments: whoever may read the post (colleagues reply in public groups).
  create: {
    public: '   201 201 201 201 201 404 404 401 401',
    private: '  201 201 201 201 404 404 404 401 401',
    unlisted: ' 201 201 201 201 404 404 404 401 401',
    customer: ' 201 201 201 201 404 201 404 401 401',
  },
  // PATCH /comments/:id: its author (the manager) only.
  update: {
    public: '   403 403 200 403 403 404 404 401 401',
    private: '  403 403 200 403 404 404 404 401 401',
    unlisted: ' 403 403 200 403 404 404 404 401 401',
    customer: ' 403 403 200 403 404 403 404 401 401',
  },
  // DELETE /comments/:id (a fresh one by the manager): its author, the post's author (the member),
  // the group's owners and managers, admins.
  delete: {
    public: '   204 204 204 204 403 404 404 401 401',
    private: '  204 204 204 204 404 404 404 401 401',
    unlisted: ' 204 204 204 204 404 404 404 401 401',
    customer: ' 204 204 204 204 404 403 404 401 401',
  },
  join: { public: NO_ROUTE, private: NO_ROUTE, unlisted: NO_ROUTE, customer: NO_ROUTE },
  invite: { public: NO_ROUTE, private: NO_ROUTE, unlisted: NO_ROUTE, customer: NO_ROUTE },
};

const REACTIONS: GroupTable = {
  // GET /groups/:id/posts: the post carries its like count.
  list: {
    public: '   S   S   S   S   S 404 404 401 401',
    private: '  S   S   S   S 404 404 404 401 401',
    unlisted: ' S   S   S   S 404 404 404 401 401',
    customer: ' S   S   S   S 404   S 404 401 401',
  },
  // GET /posts/:id: its like count.
  read: {
    public: '   S   S   S   S   S 404 404 401 401',
    private: '  S   S   S   S 404 404 404 401 401',
    unlisted: ' S   S   S   S 404 404 404 401 401',
    customer: ' S   S   S   S 404   S 404 401 401',
  },
  // PUT /posts/:id/reactions/like
  create: {
    public: '   200 200 200 200 200 404 404 401 401',
    private: '  200 200 200 200 404 404 404 401 401',
    unlisted: ' 200 200 200 200 404 404 404 401 401',
    customer: ' 200 200 200 200 404 200 404 401 401',
  },
  // PUT /posts/:id/reactions/tada
  update: {
    public: '   200 200 200 200 200 404 404 401 401',
    private: '  200 200 200 200 404 404 404 401 401',
    unlisted: ' 200 200 200 200 404 404 404 401 401',
    customer: ' 200 200 200 200 404 200 404 401 401',
  },
  // DELETE /posts/:id/reactions/like
  delete: {
    public: '   200 200 200 200 200 404 404 401 401',
    private: '  200 200 200 200 404 404 404 401 401',
    unlisted: ' 200 200 200 200 404 404 404 401 401',
    customer: ' 200 200 200 200 404 200 404 401 401',
  },
  // GET /posts/:id/reactions: there is no list of who reacted.
  join: { public: NO_ROUTE, private: NO_ROUTE, unlisted: NO_ROUTE, customer: NO_ROUTE },
  invite: { public: NO_ROUTE, private: NO_ROUTE, unlisted: NO_ROUTE, customer: NO_ROUTE },
};

const MEMBERS: GroupTable = {
  // GET /groups/:id/members shows the member.
  list: {
    public: '   S   S   S   S   S 404 404 401 401',
    private: '  S   S   S   S 404 404 404 401 401',
    unlisted: ' S   S   S   S 404 404 404 401 401',
    customer: ' S   S   S   S 404   S 404 401 401',
  },
  // GET /groups/:id/requests: those asking to join (one asks each private group), to its owners and managers.
  read: {
    public: '   200 200 200 403 403 404 404 401 401',
    private: '    S   S   S 403 403 404 404 401 401',
    unlisted: ' 200 200 200 403 404 404 404 401 401',
    customer: '   S   S   S 403 403 403 404 401 401',
  },
  // POST /groups/:id/members {userId} (a colleague)
  create: {
    public: '   201 201 201 403 403 404 404 401 401',
    private: '  201 201 201 403 403 404 404 401 401',
    unlisted: ' 201 201 201 403 404 404 404 401 401',
    customer: ' 201 201 201 403 403 403 404 401 401',
  },
  // PATCH /groups/:id/members/:userId {role: manager} (a plain member)
  update: {
    public: '   200 200 200 403 403 404 404 401 401',
    private: '  200 200 200 403 403 404 404 401 401',
    unlisted: ' 200 200 200 403 404 404 404 401 401',
    customer: ' 200 200 200 403 403 403 404 401 401',
  },
  // DELETE /groups/:id/members/:userId (a plain member)
  delete: {
    public: '   204 204 204 403 403 404 404 401 401',
    private: '  204 204 204 403 403 404 404 401 401',
    unlisted: ' 204 204 204 403 404 404 404 401 401',
    customer: ' 204 204 204 403 403 403 404 401 401',
  },
  // POST /groups/:id/requests/:userId/approve (someone asked to join)
  join: {
    public: '   200 200 200 403 403 404 404 401 401',
    private: '  200 200 200 403 403 404 404 401 401',
    unlisted: ' 200 200 200 403 404 404 404 401 401',
    customer: ' 200 200 200 403 403 403 404 401 401',
  },
  // POST /groups/:id/members {userId, role: owner}: only owners (and admins) make owners.
  invite: {
    public: '   201 201 403 403 403 404 404 401 401',
    private: '  201 201 403 403 403 404 404 401 401',
    unlisted: ' 201 201 403 403 404 404 404 401 401',
    customer: ' 201 201 403 403 403 403 404 401 401',
  },
};

type PlainTable = Record<Action, string>;

const COMPANY_POST: PlainTable = {
  list: '   S   S   S   S   S 404 404 401 401', // GET /users/:author/posts (walls do not exist for guests)
  read: '   200 200 200 200 200 404 404 401 401', // GET /posts/:id
  create: ' 201 201 201 201 201 403 403 401 401', // POST /posts without a group
  update: ' 200 403 403 403 403 404 404 401 401', // PATCH (the author is the subject)
  delete: ' 204 403 403 403 403 404 404 401 401', // DELETE a fresh one by the subject
  join: '   201 201 201 201 201 404 404 401 401', // POST /posts/:id/comments: take part
  invite: ' 201 403 403 403 403 403 403 401 401', // POST /posts {announcement: true}: company-wide, admins only
};
const PROFILE: PlainTable = {
  list: '   200 200 200 200 200 200 404 401 401', // GET /users/:id/followers
  read: '   200 200 200 200 200 200 404 401 401', // GET /users/:id
  create: ' 200 200 200 200 200 200 404 401 401', // POST /users/:id/follow (a guest follows people of his groups)
  update: ' 200 403 403 403 403 403 404 401 401', // PATCH /users/:id {title}
  delete: ' 200 403 403 403 403 403 404 401 401', // PATCH /users/:id {status: deactivated}
  join: '   200 200 200 200 200 404 404 401 401', // GET /users/:id/reports: reporting lines are not for guests
  invite: ' 201 403 403 403 403 403 403 401 401', // POST /users/:id/invitation (he has no password yet)
};
const DIRECTORY: PlainTable = {
  list: '   S   S   S   S   S   S   H 401 401', // GET /users?q=<subject>
  read: '   S   S   S   S   H   S   H 401 401', // GET /users?q=<guest>: a guest appears only to those sharing a group with him
  create: ' 201 403 403 403 403 403 403 401 401', // POST /users {password}
  update: NO_ROUTE, // PATCH /users: no bulk writes
  delete: NO_ROUTE, // DELETE /users
  join: '   200 200 200 200 200 404 404 401 401', // GET /orgchart: the company's structure
  invite: ' 201 403 403 403 403 403 403 401 401', // POST /users without a password: mailed invitation
};
const TOPIC: PlainTable = {
  list: '   S   S   S   S   S   H   H 401 401', // GET /topics/:name/posts shows the company post
  read: '   S   S   S   S   S   H   H 401 401', // GET /topics/:name counts it
  create: ' 201 201 201 201 201 403 403 401 401', // POST /posts '#topic' without a group
  update: NO_ROUTE, // PATCH /topics/:name
  delete: ' 200 200 200 200 200 403 403 401 401', // DELETE /topics/:name/follow
  join: '   200 200 200 200 200 403 403 401 401', // POST /topics/:name/follow
  invite: NO_ROUTE, // POST /topics/:name/invitations
};
const WALL: PlainTable = {
  list: '   S   S   S   S   S 404 404 401 401', // GET /users/:id/posts shows the post on his wall
  read: '   200 200 200 200 200 404 404 401 401', // GET /posts/:id
  create: ' 201 201 201 201 201 403 403 401 401', // POST /posts {wallUserId}
  update: ' 200 200 403 403 403 404 404 401 401', // PATCH (the owner wrote it)
  delete: ' 204 204 403 403 403 404 404 401 401', // DELETE a fresh one by the owner
  join: NO_ROUTE, // POST /users/:id/posts
  invite: NO_ROUTE, // POST /users/:id/wall/invitations
};

// ---------------------------------------------------------------------------------------------
// What each cell sends.
// ---------------------------------------------------------------------------------------------

describe('groups authorization: role × resource × action', () => {
  let t: TestApp;
  let anyAdmin: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    anyAdmin = await buildOrg(t.ctx, t.app);
  });
  afterAll(() => t.close());

  const deletePost = async (id: string) => {
    await t.ctx.db.deleteFrom('posts').where('id', '=', id).execute();
  };
  const colleague = () => buildUser(t.ctx, t.app);

  function groupSpecs(kind: Kind): Record<string, Record<Action, Spec>> {
    const g = (w: World) => w.groups[kind];
    const gid = (w: World) => g(w).group.id;
    const plainMember = async (w: World) => {
      const extra = await colleague();
      await addToGroup(t.ctx, g(w).group, extra, 'member');
      return { userId: extra.id };
    };
    const asker = async (w: World) => {
      const someone = await colleague();
      await t.ctx.db.insertInto('group_join_requests').values({ group_id: gid(w), user_id: someone.id, created_at: new Date().toISOString() }).execute();
      return { userId: someone.id };
    };
    return {
      group: {
        list: { request: (w) => ['get', `/groups?q=${encodeURIComponent(g(w).group.name)}&limit=100`], sees: (w, b) => has(b.items, gid(w)) },
        read: { request: (w) => ['get', `/groups/${gid(w)}`] },
        create: {
          request: () => ['post', '/groups', { name: `Made in a cell ${next()}`, visibility: kind === 'customer' ? 'private' : kind, customer: kind === 'customer' }],
        },
        update: { request: (w) => ['patch', `/groups/${gid(w)}`, { description: `described ${next()}` }] },
        delete: { request: (w) => ['patch', `/groups/${gid(w)}`, { archived: true }], fresh: true },
        // Joining a public group makes a member of the caller: later cells must not see that.
        join: { request: (w) => ['post', `/groups/${gid(w)}/join`], fresh: kind === 'public' },
        invite: { request: (w) => ['post', `/groups/${gid(w)}/invitations`, { email: newEmail() }] },
      },
      feed: {
        list: { request: (w) => ['get', `/groups/${gid(w)}/posts?limit=100`], sees: (w, b) => has(b.items, g(w).post) },
        read: { request: () => ['get', '/feed?limit=100'], sees: (w, b) => has(b.items, g(w).post) },
        create: { request: (w) => ['post', '/posts', { body: 'hello group', groupId: gid(w) }] },
        update: {
          request: (w) => ['post', '/posts', { body: 'hear ye', groupId: gid(w), announcement: true }],
          // Announcements stand at the top of members' feeds, ten at most: keep the world's own in view.
          cleanup: async (_w, _x, res) => {
            if (res.status === 201) await deletePost(res.body.post.id);
          },
        },
        delete: {
          setup: async (w) => ({ id: (await buildPost(w.users.owner, 'to be dismissed', { groupId: gid(w), announcement: true })).id }),
          request: (_w, x) => ['post', `/announcements/${x.id}/dismiss`],
          cleanup: (_w, x) => deletePost(x.id),
        },
        join: { request: () => ['get', '/announcements'], sees: (w, b) => has(b.items, g(w).announcement) },
        invite: notApplicable((w) => `/groups/${gid(w)}/posts`),
      },
      post: {
        list: { request: (w) => ['get', `/topics/${g(w).topic}/posts?limit=100`], sees: (w, b) => has(b.items, g(w).post) },
        read: { request: (w) => ['get', `/posts/${g(w).post}`] },
        create: { request: (w) => ['post', '/posts', { body: `about @${w.users.member.handle}'s post`, groupId: gid(w) }] },
        // The topic stays in the body: the post keeps its place on the topic page.
        update: { request: (w) => ['patch', `/posts/${g(w).post}`, { body: `edited ${next()} #${g(w).topic}` }] },
        delete: {
          setup: async (w) => ({ id: (await buildPost(w.users.member, 'to be deleted', { groupId: gid(w) })).id }),
          request: (_w, x) => ['delete', `/posts/${x.id}`],
          cleanup: (_w, x) => deletePost(x.id),
        },
        join: notApplicable((w) => `/posts/${g(w).post}/join`),
        invite: notApplicable((w) => `/posts/${g(w).post}/invitations`),
      },
      comments: {
        list: { request: (w) => ['get', `/posts/${g(w).post}/comments?limit=100`], sees: (w, b) => has(b.items, g(w).comment) },
        read: { request: (w) => ['get', `/posts/${g(w).post}/comments?limit=1`], sees: (w, b) => has(b.items, g(w).comment) },
        create: { request: (w) => ['post', `/posts/${g(w).post}/comments`, { body: 'me too' }] },
        update: { request: (w) => ['patch', `/comments/${g(w).comment}`, { body: `edited ${next()}` }] },
        delete: {
          setup: async (w) => ({ id: (await buildComment(w.users.manager, g(w).post, 'to be deleted')).id }),
          request: (_w, x) => ['delete', `/comments/${x.id}`],
        },
        join: notApplicable((w) => `/comments/${g(w).comment}/join`),
        invite: notApplicable((w) => `/comments/${g(w).comment}/invitations`),
      },
      reactions: {
        list: {
          request: (w) => ['get', `/groups/${gid(w)}/posts?limit=100`],
          sees: (w, b) => (b.items.find((p: { id: string }) => p.id === g(w).post)?.reactions.like ?? 0) >= 1,
        },
        read: { request: (w) => ['get', `/posts/${g(w).post}`], sees: (_w, b) => (b.post.reactions.like ?? 0) >= 1 },
        create: { request: (w) => ['put', `/posts/${g(w).post}/reactions/like`] },
        update: { request: (w) => ['put', `/posts/${g(w).post}/reactions/tada`] },
        delete: { request: (w) => ['delete', `/posts/${g(w).post}/reactions/like`] },
        join: notApplicable((w) => `/posts/${g(w).post}/reactions`, 'get'),
        invite: notApplicable((w) => `/posts/${g(w).post}/reactions/like/invitations`),
      },
      members: {
        list: { request: (w) => ['get', `/groups/${gid(w)}/members?limit=100`], sees: (w, b) => hasUser(b.items, w.users.member.id) },
        read: { request: (w) => ['get', `/groups/${gid(w)}/requests?limit=100`], sees: (w, b) => b.items.length > 0 },
        create: { setup: async () => ({ userId: (await colleague()).id }), request: (w, x) => ['post', `/groups/${gid(w)}/members`, { userId: x.userId }] },
        update: { setup: plainMember, request: (w, x) => ['patch', `/groups/${gid(w)}/members/${x.userId}`, { role: 'manager' }] },
        delete: { setup: plainMember, request: (w, x) => ['delete', `/groups/${gid(w)}/members/${x.userId}`] },
        join: { setup: asker, request: (w, x) => ['post', `/groups/${gid(w)}/requests/${x.userId}/approve`] },
        invite: {
          setup: async () => ({ userId: (await colleague()).id }),
          request: (w, x) => ['post', `/groups/${gid(w)}/members`, { userId: x.userId, role: 'owner' }],
        },
      },
    };
  }

  const plainSpecs: Record<string, Record<Action, Spec>> = {
    'a company post': {
      list: { request: (w) => ['get', `/users/${w.subject.id}/posts?limit=100`], sees: (w, b) => has(b.items, w.companyPost) },
      read: { request: (w) => ['get', `/posts/${w.companyPost}`] },
      create: { request: () => ['post', '/posts', { body: 'company news' }] },
      update: { request: (w) => ['patch', `/posts/${w.companyPost}`, { body: `edited ${next()} #${w.topic}` }] },
      delete: {
        setup: async (w) => ({ id: (await buildPost(w.subject, 'to be deleted')).id }),
        request: (_w, x) => ['delete', `/posts/${x.id}`],
        cleanup: (_w, x) => deletePost(x.id),
      },
      join: { request: (w) => ['post', `/posts/${w.companyPost}/comments`, { body: 'congratulations' }] },
      invite: {
        request: () => ['post', '/posts', { body: 'all hands', announcement: true }],
        cleanup: async (_w, _x, res) => {
          if (res.status === 201) await deletePost(res.body.post.id);
        },
      },
    },
    'a profile': {
      list: { request: (w) => ['get', `/users/${w.subject.id}/followers`] },
      read: { request: (w) => ['get', `/users/${w.subject.id}`] },
      create: { request: (w) => ['post', `/users/${w.subject.id}/follow`] },
      update: { request: (w) => ['patch', `/users/${w.subject.id}`, { title: `Title ${next()}` }] },
      delete: { request: (w) => ['patch', `/users/${w.subject.id}`, { status: 'deactivated' }], fresh: true },
      join: { request: (w) => ['get', `/users/${w.subject.id}/reports`] },
      invite: { request: (w) => ['post', `/users/${w.subject.id}/invitation`] },
    },
    'the directory': {
      list: { request: (w) => ['get', `/users?q=${w.subject.handle}&limit=100`], sees: (w, b) => has(b.items, w.subject.id) },
      read: { request: (w) => ['get', `/users?q=${w.users.guest.handle}&limit=100`], sees: (w, b) => has(b.items, w.users.guest.id) },
      create: { request: () => ['post', '/users', { email: newEmail(), name: 'New Colleague', password: 'a long enough password' }] },
      update: notApplicable(() => '/users', 'patch'),
      delete: notApplicable(() => '/users', 'delete'),
      join: { request: () => ['get', '/orgchart'] },
      invite: { request: () => ['post', '/users', { email: newEmail(), name: 'Invited Colleague' }] },
    },
    'a topic feed': {
      list: { request: (w) => ['get', `/topics/${w.topic}/posts?limit=100`], sees: (w, b) => has(b.items, w.companyPost) },
      read: { request: (w) => ['get', `/topics/${w.topic}`], sees: (_w, b) => b.topic.postsCount > 0 },
      create: { request: (w) => ['post', '/posts', { body: `more on #${w.topic}` }] },
      update: notApplicable((w) => `/topics/${w.topic}`, 'patch'),
      delete: { request: (w) => ['delete', `/topics/${w.topic}/follow`] },
      join: { request: (w) => ['post', `/topics/${w.topic}/follow`] },
      invite: notApplicable((w) => `/topics/${w.topic}/invitations`),
    },
    'a wall': {
      list: { request: (w) => ['get', `/users/${w.subject.id}/posts?limit=100`], sees: (w, b) => has(b.items, w.wallPost) },
      read: { request: (w) => ['get', `/posts/${w.wallPost}`] },
      create: { request: (w) => ['post', '/posts', { body: 'hello there', wallUserId: w.subject.id }] },
      update: { request: (w) => ['patch', `/posts/${w.wallPost}`, { body: `edited ${next()}` }] },
      delete: {
        setup: async (w) => ({ id: (await buildPost(w.users.owner, 'to be deleted', { wallUserId: w.subject.id })).id }),
        request: (_w, x) => ['delete', `/posts/${x.id}`],
        cleanup: (_w, x) => deletePost(x.id),
      },
      join: notApplicable((w) => `/users/${w.subject.id}/posts`),
      invite: notApplicable((w) => `/users/${w.subject.id}/wall/invitations`),
    },
  };

  const groupTables: [string, GroupTable][] = [
    ['group', GROUP],
    ['feed', FEED],
    ['post', POST],
    ['comments', COMMENTS],
    ['reactions', REACTIONS],
    ['members', MEMBERS],
  ];
  const plainTables: [string, PlainTable][] = [
    ['a company post', COMPANY_POST],
    ['a profile', PROFILE],
    ['the directory', DIRECTORY],
    ['a topic feed', TOPIC],
    ['a wall', WALL],
  ];

  const ROWS: Row[] = [];
  for (const kind of KINDS) {
    const specs = groupSpecs(kind);
    for (const [resource, table] of groupTables) {
      for (const action of ACTIONS) {
        cells(table[action][kind]).forEach((expected, i) =>
          ROWS.push({ role: ROLES[i], resource: `the ${kind} group's ${resource}`, action, expected, spec: specs[resource][action] }),
        );
      }
    }
  }
  for (const [resource, table] of plainTables) {
    for (const action of ACTIONS) {
      cells(table[action]).forEach((expected, i) => ROWS.push({ role: ROLES[i], resource, action, expected, spec: plainSpecs[resource][action] }));
    }
  }

  // -------------------------------------------------------------------------------------------
  // The world.
  // -------------------------------------------------------------------------------------------

  async function buildWorld(): Promise<World> {
    const n = next();
    const admin = await buildUser(t.ctx, t.app, { role: 'admin' });
    const owner = await buildUser(t.ctx, t.app);
    const manager = await buildUser(t.ctx, t.app);
    const member = await buildUser(t.ctx, t.app);
    const nonmember = await buildUser(t.ctx, t.app);
    const deactivated = await buildUser(t.ctx, t.app);
    const subject = await buildUser(t.ctx, t.app);
    const asker = await buildUser(t.ctx, t.app);
    const carol = await buildUser(t.ctx, t.app);
    const elsewhere = await buildGroup(carol, { name: `Elsewhere ${n}`, customer: true });
    const otherGuest = await buildGuest(t.ctx, t.app, [elsewhere]);
    const groups = {} as Record<Kind, GroupFixture>;
    let guest: TestUser | null = null;
    for (const kind of KINDS) {
      const group = await buildGroup(owner, {
        name: `${kind} group ${n}`,
        visibility: kind === 'customer' ? 'private' : kind,
        customer: kind === 'customer',
      });
      await addToGroup(t.ctx, group, manager, 'manager');
      for (const u of [member, deactivated, subject]) await addToGroup(t.ctx, group, u, 'member');
      if (kind === 'customer') guest = await buildGuest(t.ctx, t.app, [group]);
      const topic = `t${kind}${n}`.replace(/[^a-z0-9]/g, '');
      const post = (await buildPost(member, `in the ${kind} group #${topic}`, { groupId: group.id })).id;
      const comment = (await buildComment(manager, post, 'first!')).id;
      const like = await subject.api.put(`/posts/${post}/reactions/like`);
      if (like.status !== 200) throw new Error(`like: ${like.status}`);
      const announcement = (await buildPost(owner, `listen, ${kind} group`, { groupId: group.id, announcement: true })).id;
      if (kind === 'private' || kind === 'customer') {
        const asked = await asker.api.post(`/groups/${group.id}/join`);
        if (asked.body.status !== 'requested') throw new Error(`join: ${asked.status} ${JSON.stringify(asked.body)}`);
      }
      groups[kind] = { group, topic, post, comment, announcement };
    }
    const topic = `world${n}`.replace(/[^a-z0-9]/g, '');
    const companyPost = (await buildPost(subject, `company news #${topic}`)).id;
    const wallPost = (await buildPost(owner, 'on your wall', { wallUserId: subject.id })).id;
    await deactivate(admin, deactivated);
    return {
      users: { admin, owner, manager, member, nonmember, guest: guest!, otherGuest, deactivated },
      subject,
      groups,
      topic,
      companyPost,
      wallPost,
    };
  }

  /** Every table a cell could write to, to prove refused requests change nothing. */
  const TABLES = [
    'users',
    'groups',
    'group_members',
    'group_join_requests',
    'invitations',
    'posts',
    'comments',
    'reactions',
    'post_mentions',
    'post_topics',
    'announcement_dismissals',
    'follows',
    'topic_follows',
  ];
  async function snapshot() {
    const out: Record<string, string[]> = {};
    for (const table of TABLES) {
      out[table] = (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(t.ctx.db)).rows.map((r) => JSON.stringify(r)).sort();
    }
    return out;
  }

  /** A list answer with every page after the first one appended, so that nothing hides on page two. */
  async function allPages(api: Client, url: string, first: Res): Promise<any> {
    const body = first.body;
    if (!Array.isArray(body?.items) || !body.nextCursor) return body;
    const items = [...body.items];
    let cursor: string | null = body.nextCursor;
    for (let i = 0; cursor && i < 50; i++) {
      const res = await api.get(`${url}${url.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
    }
    return { ...body, items, nextCursor: null };
  }

  it('has an answer for every role × resource × action, and only S/H where the cell can tell', () => {
    const resources = [...new Set(ROWS.map((r) => r.resource))];
    expect(resources).toHaveLength(KINDS.length * groupTables.length + plainTables.length);
    expect(ROWS).toHaveLength(resources.length * ACTIONS.length * ROLES.length);
    expect(new Set(ROWS.map((r) => `${r.role}|${r.resource}|${r.action}`)).size).toBe(ROWS.length);
    for (const r of ROWS) {
      if (r.expected === 'S' || r.expected === 'H') expect(r.spec.sees, `${r.resource} ${r.action}`).toBeDefined();
      // Nobody signed out gets past authentication on a route that exists.
      if (r.role === 'anonymous' || r.role === 'deactivated') expect([401, 404]).toContain(r.expected);
    }
  });

  let shared: Promise<World> | null = null;

  it.each(ROWS.map((r) => [`${r.role} ${r.action} ${r.resource} → ${r.expected}`, r] as const))('%s', async (_name, row) => {
    const base = await (shared ??= buildWorld());
    const succeeds = typeof row.expected !== 'number' || row.expected < 400;
    const w = row.spec.fresh && succeeds ? await buildWorld() : base;
    const extra = row.spec.setup ? await row.spec.setup(w) : {};
    const api = row.role === 'anonymous' ? client(t.app) : w.users[row.role].api;
    const [method, url, payload] = row.spec.request(w, extra);
    const refusedWrite = method !== 'get' && !succeeds;
    const before = refusedWrite ? await snapshot() : null;
    const res: Res = method === 'get' || method === 'delete' ? await api[method](url) : await api[method](url, payload);
    try {
      const status = typeof row.expected === 'number' ? row.expected : 200;
      expect(res.status, `${method.toUpperCase()} ${url}: ${JSON.stringify(res.body).slice(0, 300)}`).toBe(status);
      if (res.status >= 400) {
        expect(res.body.error.code).toBe({ 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found' }[res.status as 401 | 403 | 404]);
      }
      if (before) expect(await snapshot()).toEqual(before);
      if (row.expected === 'S' || row.expected === 'H') {
        const body = await allPages(api, url, res);
        expect(row.spec.sees!(w, body), `${url} should ${row.expected === 'S' ? '' : 'not '}show it`).toBe(row.expected === 'S');
      }
    } finally {
      await row.spec.cleanup?.(w, extra, res);
    }
  });

  it('the signed-out helpers are what they claim', async () => {
    // The deactivated person's token is refused everywhere, even on his own profile.
    const w = await (shared ??= buildWorld());
    expect((await w.users.deactivated.api.get('/me')).status).toBe(401);
    expect((await client(t.app).get('/me')).status).toBe(401);
    expect((await anyAdmin.api.get('/me')).status).toBe(200);
  });
});
