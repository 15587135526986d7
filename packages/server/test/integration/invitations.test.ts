import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildUser, type TestUser } from '../factories.js';
import { client, createTestApp, type TestApp } from '../harness.js';
import { startMailCatcher } from '../mail-catcher.js';

const tokenIn = (text: string) => /https:\/\/atrium\.example\/invitations\/([A-Za-z0-9_-]+)/.exec(text)?.[1];

describe('inviting a colleague by mail (POST /users without a password)', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startMailCatcher>>;
  let admin: TestUser;
  beforeAll(async () => {
    smtp = await startMailCatcher();
    t = await createTestApp({ SMTP_URL: smtp.url, PUBLIC_URL: 'https://atrium.example' });
    admin = await buildOrg(t.ctx, t.app);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('mails a single-use link with which the colleague chooses his password and is signed in', async () => {
    const created = await admin.api.post('/users', { email: 'Carla@Acme.test', name: 'Carla Cruz' });
    expect(created.status).toBe(201);
    const mail = await smtp.mailTo('carla@acme.test');
    expect(mail.subject).toContain('Acme');
    const token = tokenIn(mail.text!);
    expect(token).toBeTruthy();
    expect(mail.html).toContain(`https://atrium.example/invitations/${token}`);

    const anon = client(t.app);
    expect((await anon.post('/auth/login', { email: 'carla@acme.test', password: 'anything at all' })).status).toBe(401);
    const info = await anon.get(`/invitations/${token}`);
    expect(info.status).toBe(200);
    expect(info.body.invitation).toMatchObject({ kind: 'member', email: 'carla@acme.test', name: 'Carla Cruz', orgName: 'Acme' });

    const accepted = await anon.post(`/invitations/${token}/accept`, { password: 'carla chose this' });
    expect(accepted.status).toBe(201);
    expect(accepted.body.user.email).toBe('carla@acme.test');
    expect(accepted.headers['set-cookie']).toBeDefined();
    expect((await client(t.app, accepted.body.token).get('/me')).status).toBe(200);

    const again = await anon.post(`/invitations/${token}/accept`, { password: 'someone else now' });
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('not_found');
    expect((await anon.get(`/invitations/${token}`)).status).toBe(404);
    expect((await anon.post('/auth/login', { email: 'carla@acme.test', password: 'carla chose this' })).status).toBe(200);
    expect((await anon.post('/auth/login', { email: 'carla@acme.test', password: 'someone else now' })).status).toBe(401);
  });

  it('refuses an expired link', async () => {
    await admin.api.post('/users', { email: 'dario@acme.test', name: 'Dario' });
    const token = tokenIn((await smtp.mailTo('dario@acme.test')).text!)!;
    const realNow = t.ctx.clock.now;
    t.ctx.clock.now = () => new Date(Date.now() + 15 * 86_400_000);
    try {
      expect((await client(t.app).post(`/invitations/${token}/accept`, { password: 'too late for this' })).status).toBe(404);
    } finally {
      t.ctx.clock.now = realNow;
    }
    expect((await client(t.app).post(`/invitations/${token}/accept`, { password: 'just in time now' })).status).toBe(201);
  });

  it('lets only one of two simultaneous redemptions through', async () => {
    await admin.api.post('/users', { email: 'eva@acme.test', name: 'Eva' });
    const token = tokenIn((await smtp.mailTo('eva@acme.test')).text!)!;
    const results = await Promise.all([
      client(t.app).post(`/invitations/${token}/accept`, { password: 'first password here' }),
      client(t.app).post(`/invitations/${token}/accept`, { password: 'second password here' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 404]);
  });

  it('resends: the new link works, the old one does not; only admins, only for people without a password', async () => {
    const created = await admin.api.post('/users', { email: 'finn@acme.test', name: 'Finn' });
    const first = tokenIn((await smtp.mailTo('finn@acme.test')).text!)!;
    const member = await buildUser(t.ctx, t.app);
    expect((await member.api.post(`/users/${created.body.user.id}/invitation`)).status).toBe(403);
    smtp.received.length = 0;
    expect((await admin.api.post(`/users/${created.body.user.id}/invitation`)).status).toBe(201);
    const second = tokenIn((await smtp.mailTo('finn@acme.test')).text!)!;
    expect(second).not.toBe(first);
    expect((await client(t.app).post(`/invitations/${first}/accept`, { password: 'old link password' })).status).toBe(404);
    expect((await client(t.app).post(`/invitations/${second}/accept`, { password: 'new link password' })).status).toBe(201);
    expect((await admin.api.post(`/users/${created.body.user.id}/invitation`)).status).toBe(403);
  });

  it('escapes markup from names in the mail', async () => {
    const evil = await buildUser(t.ctx, t.app, { role: 'admin', name: '<img src=x onerror=alert(1)>' });
    await evil.api.post('/users', { email: 'gina@acme.test', name: 'Gina' });
    const mail = await smtp.mailTo('gina@acme.test');
    expect(mail.html).not.toContain('<img src=x');
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('answers malformed tokens and bodies with 4xx', async () => {
    const anon = client(t.app);
    expect((await anon.get('/invitations/short')).status).toBe(400);
    expect((await anon.post('/invitations/not-a-real-token-at-all/accept', { password: 'long enough pw' })).status).toBe(404);
    expect((await anon.post('/invitations/not-a-real-token-at-all/accept', { password: { $ne: null } })).status).toBe(400);
    expect((await anon.post('/invitations/not-a-real-token-at-all/accept', { password: 'long enough pw', role: 'admin' })).status).toBe(400);
  });
});

describe('without SMTP_URL', () => {
  it('writes the invitation to the mail outbox folder', async () => {
    const t = await createTestApp();
    try {
      const admin = await buildOrg(t.ctx, t.app);
      expect((await admin.api.post('/users', { email: 'hugo@acme.test', name: 'Hugo' })).status).toBe(201);
      const dir = path.join(t.config.dataDir, 'mail-outbox');
      const files = fs.readdirSync(dir);
      expect(files).toHaveLength(1);
      const eml = fs.readFileSync(path.join(dir, files[0]), 'utf8');
      expect(eml).toContain('hugo@acme.test');
      expect(eml).toMatch(/http:\/\/localhost:3000\/invitations\/[A-Za-z0-9_-]+/);
    } finally {
      await t.close();
    }
  });
});
