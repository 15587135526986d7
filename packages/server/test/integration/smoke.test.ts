import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildPost, buildUser } from '../factories.js';
import { createTestApp, type TestApp } from '../harness.js';

describe('smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('serves health, a post and a feed', async () => {
    const admin = await buildOrg(t.ctx, t.app);
    const bob = await buildUser(t.ctx, t.app);
    expect((await admin.api.get('/health')).body).toEqual({ status: 'ok' });
    const post = await buildPost(bob, `hi @${admin.handle}`);
    const feed = await admin.api.get('/feed');
    expect(feed.status).toBe(200);
    expect(feed.body.items.map((p: { id: string }) => p.id)).toEqual([post.id]);
  });
});
