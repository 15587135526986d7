import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ADMIN, DEMO_PASSWORD, seedDemoCompany } from '../../src/demo/demo-company.js';
import { client, createTestApp, type TestApp } from '../harness.js';

describe('the demo company (npm run demo)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('fills a fresh instance with colleagues, photos, a manager chain, follows, posts, comments and topics', async () => {
    const { admin, people } = await seedDemoCompany(t.ctx);
    expect(admin).toBe(DEMO_ADMIN);
    expect(people).toBeGreaterThanOrEqual(45);

    const login = await client(t.app).post('/auth/login', { email: DEMO_ADMIN, password: DEMO_PASSWORD });
    expect(login.status).toBe(200);
    const api = client(t.app, login.body.token);

    const chart = (await api.get('/orgchart')).body.items as { id: string; managerId: string | null; avatarUrl: string | null }[];
    expect(chart.filter((p) => p.managerId === null).length).toBe(2); // the admin and the CEO
    expect(chart.filter((p) => p.avatarUrl !== null).length).toBe(people);
    const someone = chart.find((p) => p.managerId !== null)!;
    const profile = (await api.get(`/users/${someone.id}`)).body.user;
    expect(profile.experience.length).toBeGreaterThan(0);
    expect(profile.skills.length).toBeGreaterThan(0);
    expect((await api.get(profile.avatarUrl)).status).toBe(200);

    const feed = (await api.get('/feed?limit=50')).body.items as { commentsCount: number; topics: string[]; reactions: Record<string, number> }[];
    expect(feed.length).toBeGreaterThan(10);
    expect(feed.some((p) => p.commentsCount > 0)).toBe(true);
    expect(feed.some((p) => p.topics.length > 0)).toBe(true);
    expect(feed.some((p) => (p.reactions.like ?? 0) > 0)).toBe(true);

    // A demo colleague signs in with the same password.
    const colleague = await t.ctx.db.selectFrom('users').select('email').where('id', '=', someone.id).executeTakeFirstOrThrow();
    expect((await client(t.app).post('/auth/login', { email: colleague.email, password: DEMO_PASSWORD })).status).toBe(200);

    await expect(seedDemoCompany(t.ctx)).rejects.toThrow(/fresh instance/);
  });
});
