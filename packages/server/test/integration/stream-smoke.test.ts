import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildUser, type TestUser } from '../factories.js';
import { createTestApp, type TestApp } from '../harness.js';
import { openStream } from '../stream-client.js';

describe('stream smoke', () => {
  let t: TestApp;
  let admin: TestUser;
  let base: string;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await buildOrg(t.ctx, t.app);
    base = await t.listen();
  });
  afterAll(() => t.close());

  it('delivers a post', async () => {
    const bob = await buildUser(t.ctx, t.app);
    const s = await openStream(base, { token: bob.token });
    expect(s.ready?.id).toMatch(/^\d+$/);
    const res = await admin.api.post('/posts', { body: 'hello live' });
    expect(res.status).toBe(201);
    const f = await s.waitType('post.created');
    expect(f.data.post.id).toBe(res.body.post.id);
    await s.close();
  });
});
