import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../src/context.js';
import { openSession, setup } from '../src/modules/auth/auth.service.js';
import { addMember } from '../src/modules/groups/groups.repo.js';
import { type NewUser, insertNewUser } from '../src/modules/people/users.service.js';
import { client, type Client } from './harness.js';

let seq = 0;
const unique = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;

export interface TestUser {
  id: string;
  handle: string;
  email: string;
  token: string;
  api: Client;
}

/** The organization and its first admin, as the setup page makes them. */
export async function buildOrg(ctx: AppContext, app: FastifyInstance, password = 'admin password 1'): Promise<TestUser> {
  const email = `admin-${unique()}@acme.test`;
  const s = await setup(ctx, { orgName: 'Acme', admin: { email, name: 'Ada Admin', password } });
  return { id: s.user.id, handle: s.user.handle, email, token: s.token, api: client(app, s.token) };
}

/**
 * A person with a live session, made through the same service the API uses. No password unless
 * given (hashing is slow on purpose); pass one for tests that log in.
 */
export async function buildUser(ctx: AppContext, app: FastifyInstance, overrides: Partial<NewUser> = {}): Promise<TestUser> {
  const n = unique();
  const row = await insertNewUser(ctx, ctx.db, {
    email: `user-${n}@acme.test`,
    name: `User ${n}`,
    role: 'member',
    ...overrides,
  });
  const { token } = await openSession(ctx, ctx.db, row.id);
  return { id: row.id, handle: row.handle, email: row.email, token, api: client(app, token) };
}

export async function buildPost(user: TestUser, body = `A post ${unique()}`, extra: Record<string, unknown> = {}) {
  const res = await user.api.post('/posts', { body, ...extra });
  if (res.status !== 201) throw new Error(`buildPost: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.post as { id: string; html: string; [k: string]: unknown };
}

export async function buildComment(user: TestUser, postId: string, body = `A comment ${unique()}`) {
  const res = await user.api.post(`/posts/${postId}/comments`, { body });
  if (res.status !== 201) throw new Error(`buildComment: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.comment as { id: string; html: string; [k: string]: unknown };
}

/** Deactivate a person as an admin does it, through the API (his sessions end with it). */
export async function deactivate(admin: TestUser, user: { id: string }) {
  const res = await admin.api.patch(`/users/${user.id}`, { status: 'deactivated' });
  if (res.status !== 200) throw new Error(`deactivate: ${res.status} ${JSON.stringify(res.body)}`);
}

export async function follow(follower: TestUser, followee: { id: string }) {
  const res = await follower.api.post(`/users/${followee.id}/follow`);
  if (res.status !== 200) throw new Error(`follow: ${res.status} ${JSON.stringify(res.body)}`);
}

export interface TestGroup {
  id: string;
  name: string;
  visibility: 'public' | 'private' | 'unlisted';
  customer: boolean;
}

/** A group made through the API by `owner` (who becomes its owner); customer groups are private. */
export async function buildGroup(
  owner: TestUser,
  overrides: { name?: string; description?: string; visibility?: 'public' | 'private' | 'unlisted'; customer?: boolean } = {},
): Promise<TestGroup> {
  const customer = overrides.customer ?? false;
  const res = await owner.api.post('/groups', {
    name: overrides.name ?? `Group ${unique()}`,
    description: overrides.description ?? '',
    visibility: overrides.visibility ?? (customer ? 'private' : 'public'),
    customer,
  });
  if (res.status !== 201) throw new Error(`buildGroup: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.group as TestGroup;
}

/** Put someone into a group directly (no request, no approval): the state a test starts from. */
export async function addToGroup(ctx: AppContext, group: { id: string }, user: { id: string }, role: 'owner' | 'manager' | 'member' = 'member') {
  await addMember(ctx.db, { group_id: group.id, user_id: user.id, role, created_at: ctx.clock.now().toISOString() });
}

/**
 * A person from outside (kind guest) who is a plain member of the given customer groups, with a
 * live session; made directly, as an accepted invitation would leave him (guests.test.ts walks
 * the real invitation path).
 */
export async function buildGuest(ctx: AppContext, app: FastifyInstance, groups: { id: string }[], overrides: Partial<NewUser> = {}): Promise<TestUser> {
  const n = unique();
  const row = await insertNewUser(ctx, ctx.db, {
    email: `guest-${n}@customer.test`,
    name: `Guest ${n}`,
    role: 'member',
    kind: 'guest',
    ...overrides,
  });
  for (const g of groups) await addToGroup(ctx, g, row);
  const { token } = await openSession(ctx, ctx.db, row.id);
  return { id: row.id, handle: row.handle, email: row.email, token, api: client(app, token) };
}
