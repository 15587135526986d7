import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../src/context.js';
import { openSession, setup } from '../src/modules/auth/auth.service.js';
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
