import { LIMITS } from '@atrium/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg } from '../factories.js';
import { client, createTestApp, type TestApp } from '../harness.js';

describe('sessions per person are capped', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it(`keeps the newest ${LIMITS.sessionsPerUser} sessions and ends the oldest`, async () => {
    const admin = await buildOrg(t.ctx, t.app, 'the admin password');
    const anon = client(t.app);
    const tokens: string[] = [];
    for (let i = 0; i < LIMITS.sessionsPerUser + 2; i++) {
      const res = await anon.post('/auth/login', { email: admin.email, password: 'the admin password' });
      expect(res.status).toBe(200);
      tokens.push(res.body.token);
    }
    const count = await t.ctx.db.selectFrom('sessions').select((eb) => eb.fn.countAll().as('n')).where('user_id', '=', admin.id).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(LIMITS.sessionsPerUser);
    expect((await client(t.app, tokens[0]).get('/me')).status).toBe(401);
    expect((await client(t.app, tokens.at(-1)).get('/me')).status).toBe(200);
  });
});
