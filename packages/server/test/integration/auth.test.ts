import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildUser, type TestUser } from '../factories.js';
import { client, createTestApp, type TestApp } from '../harness.js';
import { routeTable } from '../routes.js';

const PASSWORD = 'correct horse battery';
/** Just over the 1 MiB JSON body limit. */
const LIMIT_BYTES = 1024 * 1024 + 10;

type Req = Omit<InjectOptions, 'url'> & { url: string };

function inject(app: FastifyInstance, opts: Req) {
  return app.inject({ ...opts, url: opts.url.startsWith('/api/') ? opts.url : `/api/v1${opts.url}` });
}

const login = (app: FastifyInstance, email: string, password: string, extra: Omit<InjectOptions, 'url'> = {}) =>
  inject(app, { method: 'POST', url: '/auth/login', payload: { email, password }, ...extra });

const sessionCookie = (res: LightMyRequestResponse) => res.cookies.find((c) => c.name === 'atrium_session');

const setupBody = (email = 'founder@acme.test') => ({
  orgName: 'Acme',
  admin: { email, name: 'Frida Founder', password: PASSWORD },
});

describe('health and first run', () => {
  const apps: TestApp[] = [];
  const fresh = async (env: Record<string, string> = {}) => {
    const t = await createTestApp(env);
    apps.push(t);
    return t;
  };
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((t) => t.close()));
  });

  it('answers health without authentication', async () => {
    const t = await fresh();
    const res = await inject(t.app, { method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('sets up the organization and its first admin exactly once', async () => {
    const t = await fresh();
    expect((await inject(t.app, { method: 'GET', url: '/setup' })).json()).toMatchObject({ needed: true });

    const res = await inject(t.app, { method: 'POST', url: '/setup', payload: setupBody() });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toEqual({ user: expect.any(Object), token: expect.any(String), csrfToken: expect.any(String) });
    expect(body.user).toMatchObject({ email: 'founder@acme.test', name: 'Frida Founder', role: 'admin', kind: 'member', handle: 'founder' });
    const cookie = sessionCookie(res);
    expect(cookie).toMatchObject({ value: body.token, httpOnly: true, sameSite: 'Lax', path: '/' });

    // The token is a working session, the organization is named, and setup is no longer needed.
    const me = await client(t.app, body.token).get('/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ user: { id: body.user.id }, csrfToken: body.csrfToken, orgName: 'Acme' });
    expect((await inject(t.app, { method: 'GET', url: '/setup' })).json()).toEqual({ needed: false, orgName: 'Acme' });

    const again = await inject(t.app, { method: 'POST', url: '/setup', payload: setupBody('intruder@evil.test') });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('setup_done');
    expect(sessionCookie(again)).toBeUndefined();
    expect((await login(t.app, 'intruder@evil.test', PASSWORD)).statusCode).toBe(401);
    const people = await client(t.app, body.token).get('/users');
    expect(people.body.items.map((u: { email: string }) => u.email)).toEqual(['founder@acme.test']);
  });

  it('refuses bad setup bodies with details per field, and stays in setup', async () => {
    const t = await fresh();
    const cases: [unknown, string][] = [
      [{ admin: setupBody().admin }, 'orgName'],
      [{ ...setupBody(), orgName: '   ' }, 'orgName'],
      [{ ...setupBody(), orgName: 'x'.repeat(121) }, 'orgName'],
      [{ orgName: 'Acme' }, 'admin'],
      [{ ...setupBody(), admin: { ...setupBody().admin, email: 'not-an-email' } }, 'admin.email'],
      [{ ...setupBody(), admin: { ...setupBody().admin, password: 'short' } }, 'admin.password'],
      [{ ...setupBody(), admin: { ...setupBody().admin, name: '' } }, 'admin.name'],
      [{ ...setupBody(), admin: { ...setupBody().admin, email: { $ne: null } } }, 'admin.email'],
    ];
    for (const [payload, field] of cases) {
      const res = await inject(t.app, { method: 'POST', url: '/setup', payload: payload as object });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
      expect(Object.keys(res.json().error.details)).toContain(field);
    }
    expect((await inject(t.app, { method: 'GET', url: '/setup' })).json()).toMatchObject({ needed: true });
  });

  it('lets exactly one of several concurrent setups win', async () => {
    const t = await fresh();
    const results = await Promise.all(
      ['a', 'b', 'c'].map((n) => inject(t.app, { method: 'POST', url: '/setup', payload: setupBody(`${n}@acme.test`) })),
    );
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([201, 409, 409]);
    for (const r of results.filter((x) => x.statusCode === 409)) expect(r.json().error.code).toBe('setup_done');
    const winner = results.find((r) => r.statusCode === 201)!.json();
    const people = await client(t.app, winner.token).get('/users');
    expect(people.body.items).toHaveLength(1);
  });
});

describe('login', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ LOGIN_LIMIT_PER_ACCOUNT: '3', LOGIN_LIMIT_PER_IP: '1000' });
    await buildOrg(t.ctx, t.app);
  });
  afterAll(() => t.close());

  it('answers the right password with a session and an HttpOnly, SameSite=Lax cookie', async () => {
    const u = await buildUser(t.ctx, t.app, { password: PASSWORD });
    const res = await login(t.app, u.email, PASSWORD);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toEqual({ user: expect.objectContaining({ id: u.id, email: u.email }), token: expect.any(String), csrfToken: expect.any(String) });
    const cookie = sessionCookie(res)!;
    expect(cookie).toMatchObject({ value: body.token, httpOnly: true, sameSite: 'Lax', path: '/' });
    // Plain HTTP, no trusted proxy: a Secure cookie would never come back.
    expect(cookie.secure).toBeFalsy();
    expect((await client(t.app, body.token).get('/me')).body.user.id).toBe(u.id);
  });

  it('answers a wrong password and an unknown email alike', async () => {
    const u = await buildUser(t.ctx, t.app, { password: PASSWORD });
    const wrong = await login(t.app, u.email, 'wrong password here');
    const unknown = await login(t.app, 'nobody-here@acme.test', PASSWORD);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('unauthenticated');
    expect(wrong.json()).toEqual(unknown.json());
    expect(sessionCookie(wrong)).toBeUndefined();
  });

  it('treats the email case-insensitively and ignores surrounding spaces', async () => {
    const u = await buildUser(t.ctx, t.app, { email: 'Mixed.Case@Acme.test', password: PASSWORD });
    expect(u.email).toBe('mixed.case@acme.test');
    expect((await login(t.app, 'MIXED.CASE@ACME.TEST', PASSWORD)).statusCode).toBe(200);
    expect((await login(t.app, '  mixed.case@acme.test ', PASSWORD)).statusCode).toBe(200);
  });

  it('rejects malformed login bodies', async () => {
    for (const payload of [{}, { email: 'a@b.test' }, { email: { $ne: null }, password: 'x' }, { email: 'a@b.test', password: '' }]) {
      const res = await inject(t.app, { method: 'POST', url: '/auth/login', payload });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
    }
  });

  it('locks an account after too many failures, with Retry-After, even for the right password', async () => {
    const u = await buildUser(t.ctx, t.app, { password: PASSWORD });
    for (let i = 0; i < 3; i++) expect((await login(t.app, u.email, 'wrong password here')).statusCode).toBe(401);
    for (const password of ['wrong password here', PASSWORD]) {
      const res = await login(t.app, u.email.toUpperCase(), password);
      expect(res.statusCode).toBe(429);
      expect(res.json().error.code).toBe('rate_limited');
      const retryAfter = Number(res.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    }
    // Only that account: others still sign in from the same address.
    const other = await buildUser(t.ctx, t.app, { password: PASSWORD });
    expect((await login(t.app, other.email, PASSWORD)).statusCode).toBe(200);
  });

  it('starts the failure count afresh after a successful login', async () => {
    const u = await buildUser(t.ctx, t.app, { password: PASSWORD });
    for (let i = 0; i < 2; i++) expect((await login(t.app, u.email, 'wrong password here')).statusCode).toBe(401);
    expect((await login(t.app, u.email, PASSWORD)).statusCode).toBe(200);
    for (let i = 0; i < 3; i++) expect((await login(t.app, u.email, 'wrong password here')).statusCode).toBe(401);
    expect((await login(t.app, u.email, PASSWORD)).statusCode).toBe(429);
  });
});

describe('login limits per IP and behind a proxy', () => {
  const apps: TestApp[] = [];
  afterAll(async () => {
    await Promise.all(apps.map((t) => t.close()));
  });

  it('limits attempts per IP across different accounts; a spoofed X-Forwarded-For does not help', async () => {
    const t = await createTestApp({ LOGIN_LIMIT_PER_ACCOUNT: '100', LOGIN_LIMIT_PER_IP: '4' });
    apps.push(t);
    await buildOrg(t.ctx, t.app);
    const u = await buildUser(t.ctx, t.app, { password: PASSWORD });
    const from = (ip: string, extra: Omit<InjectOptions, 'url'> = {}) => ({ remoteAddress: ip, ...extra });
    for (let i = 0; i < 4; i++) {
      expect((await login(t.app, `stuffing-${i}@acme.test`, 'guess guess guess', from('198.51.100.7'))).statusCode).toBe(401);
    }
    const blocked = await login(t.app, u.email, PASSWORD, from('198.51.100.7'));
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('rate_limited');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // Not configured to trust a proxy: the header is the client's word, not its address.
    const spoofed = await login(t.app, u.email, PASSWORD, from('198.51.100.7', { headers: { 'x-forwarded-for': '203.0.113.99' } }));
    expect(spoofed.statusCode).toBe(429);
    // Another address is not affected.
    expect((await login(t.app, u.email, PASSWORD, from('198.51.100.8'))).statusCode).toBe(200);
  });

  it('behind a trusted proxy: counts the forwarded client address and marks the cookie Secure over https', async () => {
    const t = await createTestApp({ TRUST_PROXY: 'true', LOGIN_LIMIT_PER_IP: '2' });
    apps.push(t);
    await buildOrg(t.ctx, t.app);
    const u = await buildUser(t.ctx, t.app, { password: PASSWORD });

    const https = await login(t.app, u.email, PASSWORD, { headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.1' } });
    expect(https.statusCode).toBe(200);
    expect(sessionCookie(https)).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Lax' });

    const plain = await login(t.app, u.email, PASSWORD, { headers: { 'x-forwarded-for': '203.0.113.2' } });
    expect(plain.statusCode).toBe(200);
    expect(sessionCookie(plain)!.secure).toBeFalsy();

    // 203.0.113.1 used one of its two attempts; one more, then it is over the limit; .3 is not.
    expect((await login(t.app, u.email, PASSWORD, { headers: { 'x-forwarded-for': '203.0.113.1' } })).statusCode).toBe(200);
    expect((await login(t.app, u.email, PASSWORD, { headers: { 'x-forwarded-for': '203.0.113.1' } })).statusCode).toBe(429);
    expect((await login(t.app, u.email, PASSWORD, { headers: { 'x-forwarded-for': '203.0.113.3' } })).statusCode).toBe(200);
  });

  it('does not mark the cookie Secure for a forwarded https header from an untrusted peer', async () => {
    const t = await createTestApp();
    apps.push(t);
    await buildOrg(t.ctx, t.app);
    const u = await buildUser(t.ctx, t.app, { password: PASSWORD });
    const res = await login(t.app, u.email, PASSWORD, { headers: { 'x-forwarded-proto': 'https' } });
    expect(res.statusCode).toBe(200);
    expect(sessionCookie(res)!.secure).toBeFalsy();
  });
});

describe('sessions', () => {
  let t: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await buildOrg(t.ctx, t.app);
  });
  afterAll(() => t.close());

  async function cookieSession() {
    const u = await buildUser(t.ctx, t.app, { password: PASSWORD });
    const res = await login(t.app, u.email, PASSWORD);
    expect(res.statusCode).toBe(200);
    const { token, csrfToken } = res.json();
    const as = (opts: Req) => inject(t.app, { ...opts, cookies: { atrium_session: token } });
    return { user: u, token, csrfToken, as };
  }

  it('authenticates GET /me by cookie and returns the CSRF token', async () => {
    const s = await cookieSession();
    const me = await s.as({ method: 'GET', url: '/me' });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { id: s.user.id }, csrfToken: s.csrfToken });
  });

  it('refuses cookie-authenticated writes without the right X-CSRF-Token, and changes nothing', async () => {
    const s = await cookieSession();
    const follow = (headers: Record<string, string>) => s.as({ method: 'POST', url: `/users/${admin.id}/follow`, headers });

    const bad: Record<string, string>[] = [{}, { 'x-csrf-token': 'wrong' }, { 'x-csrf-token': `${s.csrfToken}x` }, { 'x-csrf-token': '' }];
    for (const headers of bad) {
      const res = await follow(headers);
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
    }
    // Another session's CSRF token is no good either.
    const other = await cookieSession();
    expect((await follow({ 'x-csrf-token': other.csrfToken })).statusCode).toBe(403);
    expect((await client(t.app, s.token).get(`/users/${admin.id}`)).body.user).toMatchObject({ isFollowing: false, followersCount: 0 });

    const ok = await follow({ 'x-csrf-token': s.csrfToken });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user).toMatchObject({ id: admin.id, isFollowing: true });
    await client(t.app, s.token).delete(`/users/${admin.id}/follow`);
  });

  it('needs no CSRF token with a bearer token', async () => {
    const s = await cookieSession();
    const res = await client(t.app, s.token).patch(`/users/${s.user.id}`, { title: 'Bearer writer' });
    expect(res.status).toBe(200);
    expect(res.body.user.title).toBe('Bearer writer');
  });

  it('logs out a cookie session: the cookie is cleared and the token is dead', async () => {
    const s = await cookieSession();
    const res = await s.as({ method: 'POST', url: '/auth/logout', headers: { 'x-csrf-token': s.csrfToken } });
    expect(res.statusCode).toBe(204);
    const cleared = sessionCookie(res)!;
    expect(cleared.value).toBe('');
    expect(cleared.maxAge === 0 || (cleared.expires !== undefined && cleared.expires.getTime() <= Date.now())).toBe(true);
    expect((await s.as({ method: 'GET', url: '/me' })).statusCode).toBe(401);
    expect((await client(t.app, s.token).get('/me')).status).toBe(401);
  });

  it('logs out a bearer token without touching the person’s other sessions', async () => {
    const u = await buildUser(t.ctx, t.app, { password: PASSWORD });
    const first = (await login(t.app, u.email, PASSWORD)).json().token as string;
    const second = (await login(t.app, u.email, PASSWORD)).json().token as string;
    expect((await client(t.app, first).post('/auth/logout')).status).toBe(204);
    const me = await client(t.app, first).get('/me');
    expect(me.status).toBe(401);
    expect(me.body.error.code).toBe('unauthenticated');
    expect((await client(t.app, second).get('/me')).status).toBe(200);
  });

  it('logout without a session is 401', async () => {
    expect((await client(t.app).post('/auth/logout')).status).toBe(401);
  });

  it('expires sessions after SESSION_DAYS', async () => {
    const u = await buildUser(t.ctx, t.app);
    expect((await u.api.get('/me')).status).toBe(200);
    const realNow = t.ctx.clock.now;
    t.ctx.clock.now = () => new Date(Date.now() + (t.config.sessionDays + 1) * 86_400_000);
    try {
      expect((await u.api.get('/me')).status).toBe(401);
    } finally {
      t.ctx.clock.now = realNow;
    }
  });

  it('marks every API answer Cache-Control: no-store, errors included', async () => {
    const s = await cookieSession();
    const anon = client(t.app);
    const responses = [
      await anon.get('/health'),
      await anon.get('/setup'),
      await anon.get('/me'),
      await anon.get('/no/such/route'),
      await admin.api.get('/me'),
      await admin.api.get('/users'),
      await admin.api.get(`/users/${admin.id}`),
      await admin.api.get('/users/01ARZ3NDEKTSV4RRFFQ69G5FAV'),
      await admin.api.patch(`/users/${admin.id}`, { id: 'x' }),
      await admin.api.post('/users', { email: 'x'.repeat(LIMIT_BYTES), name: 'Big' }),
      await client(t.app).post('/auth/login', { email: 'nobody@acme.test', password: 'nothing at all' }),
    ];
    responses.push(
      await (async () => {
        const r = await s.as({ method: 'POST', url: `/users/${admin.id}/follow` });
        return { status: r.statusCode, headers: r.headers, body: r.body };
      })(),
    );
    expect(responses.map((r) => r.status)).toEqual([200, 200, 401, 404, 200, 200, 200, 404, 400, 413, 401, 403]);
    for (const r of responses) {
      expect(r.headers['cache-control']).toBe('no-store');
      // SECURITY.md #15: a strict CSP, nosniff and no framing on every answer (the feed's cached bytes too).
      expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(r.headers['content-security-policy']).toContain("script-src 'self'");
      expect(r.headers['x-content-type-options']).toBe('nosniff');
    }
    const feed = await admin.api.get('/feed');
    expect([feed.headers['content-security-policy'], feed.headers['x-content-type-options']]).toEqual([expect.stringContaining("default-src 'self'"), 'nosniff']);
  });
});

describe('HTTP edges', () => {
  let t: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await buildOrg(t.ctx, t.app);
  });
  afterAll(() => t.close());

  // Exactly these answer without a session; everything else in the route table is 401 (SECURITY.md #7).
  const PUBLIC = new Set([
    'GET /api/v1/health',
    'HEAD /api/v1/health',
    'GET /api/v1/setup',
    'HEAD /api/v1/setup',
    'POST /api/v1/setup',
    'POST /api/v1/auth/login',
    'GET /api/v1/openapi.json',
    'HEAD /api/v1/openapi.json',
    // An invitation link is opened and redeemed before its owner has an account.
    'GET /api/v1/invitations/:token',
    'HEAD /api/v1/invitations/:token',
    'POST /api/v1/invitations/:token/accept',
  ]);
  const DUMMY: Record<string, string> = { kind: 'like', name: 'news' };
  const fill = (url: string) => url.replace(/:([A-Za-z_]+)/g, (_, p: string) => DUMMY[p] ?? '01ARZ3NDEKTSV4RRFFQ69G5FAV');

  it('answers 401 to anonymous and forged-token requests on every route that is not public', async () => {
    const routes = routeTable(t.app).filter((r) => r.url.startsWith('/api/'));
    // The parse found the table (guards against a silently empty sweep).
    expect(routes.length).toBeGreaterThan(30);
    expect(routes).toContainEqual({ method: 'PATCH', url: '/api/v1/users/:id' });
    const checked: string[] = [];
    for (const route of routes) {
      const key = `${route.method} ${route.url}`;
      if (PUBLIC.has(key)) continue;
      const url = fill(route.url);
      const payload = ['POST', 'PUT', 'PATCH'].includes(route.method) ? {} : undefined;
      for (const headers of [{}, { authorization: 'Bearer forged-token' }, { cookie: 'atrium_session=forged-token' }]) {
        const res = await t.app.inject({ method: route.method as 'GET', url, payload, headers });
        expect(res.statusCode, `${key} ${JSON.stringify(headers)}`).toBe(401);
        if (route.method !== 'HEAD') expect(res.json().error.code, key).toBe('unauthenticated');
      }
      checked.push(key);
    }
    // Every public entry is a real route: the list above cannot silently go stale.
    const keys = new Set(routes.map((r) => `${r.method} ${r.url}`));
    for (const key of PUBLIC) expect(keys.has(key), key).toBe(true);
    expect(checked.length).toBe(routes.length - PUBLIC.size);
  });

  it('answers 413 payload_too_large to a JSON body over 1 MiB', async () => {
    const res = await admin.api.patch(`/users/${admin.id}`, { about: 'x'.repeat(LIMIT_BYTES) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('answers 400 bad_request to malformed JSON', async () => {
    for (const api of [admin.api, client(t.app)]) {
      const res = await api.post('/auth/login', '{"email": "a@b.test", ', { 'content-type': 'application/json' });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('bad_request');
    }
    const res = await admin.api.patch(`/users/${admin.id}`, '{"title": ', { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_request');
  });

  it('answers unknown routes with a JSON 404', async () => {
    for (const api of [admin.api, client(t.app)]) {
      for (const url of ['/api/v1/nope', '/api/v2/users', '/api/v1/users/x/y/z']) {
        const res = await api.get(url);
        expect(res.status, url).toBe(404);
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        expect(res.body.error.code).toBe('not_found');
      }
    }
  });
});
