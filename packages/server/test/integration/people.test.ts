import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildUser, type TestUser } from '../factories.js';
import { client, createTestApp, type TestApp } from '../harness.js';

const PASSWORD = 'correct horse battery';
const MISSING_ID = '01ARZ3NDEKTSV4RRFFQ69G5FAV';

type U = { id: string; [k: string]: unknown };
const ids = (items: U[]) => items.map((u) => u.id);

async function login(t: TestApp, email: string, password = PASSWORD) {
  return client(t.app).post('/auth/login', { email, password });
}

describe('admins add people', () => {
  let t: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await buildOrg(t.ctx, t.app);
  });
  afterAll(() => t.close());

  it('creates a member whose handle defaults to the email local part, made unique with a number', async () => {
    const first = await admin.api.post('/users', { email: 'anna@acme.test', name: 'Anna One', password: PASSWORD });
    expect(first.status).toBe(201);
    expect(first.body.user).toMatchObject({ email: 'anna@acme.test', name: 'Anna One', handle: 'anna', role: 'member', kind: 'member', status: 'active' });
    const second = await admin.api.post('/users', { email: 'Anna@Other.test', name: 'Anna Two', password: PASSWORD });
    expect(second.status).toBe(201);
    expect(second.body.user).toMatchObject({ email: 'anna@other.test', handle: 'anna2' });
    const third = await admin.api.post('/users', { email: 'anna@third.test', name: 'Anna Three', password: PASSWORD });
    expect(third.body.user.handle).toBe('anna3');
    // And the new member can sign in with the password the admin set.
    expect((await login(t, 'anna@other.test')).status).toBe(200);
  });

  it('takes an explicit handle, lower-cased, and refuses a taken one', async () => {
    const res = await admin.api.post('/users', { email: 'bert@acme.test', name: 'Bert', handle: 'Bert_B', password: PASSWORD });
    expect(res.status).toBe(201);
    expect(res.body.user.handle).toBe('bert_b');
    const taken = await admin.api.post('/users', { email: 'bert2@acme.test', name: 'Bert 2', handle: 'BERT_B', password: PASSWORD });
    expect(taken.status).toBe(409);
    expect(taken.body.error.code).toBe('conflict');
  });

  it('refuses a duplicate email, whatever its case', async () => {
    expect((await admin.api.post('/users', { email: 'carla@acme.test', name: 'Carla' })).status).toBe(201);
    for (const email of ['carla@acme.test', 'CARLA@ACME.TEST']) {
      const res = await admin.api.post('/users', { email, name: 'Carla Again' });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('conflict');
    }
  });

  it('answers concurrent creations of one email with one 201 and 409s, never a 500', async () => {
    const results = await Promise.all(
      [1, 2, 3].map((n) => admin.api.post('/users', { email: 'race@acme.test', name: `Racer ${n}`, password: PASSWORD })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    const found = await admin.api.get('/users?q=racer');
    expect(found.body.items).toHaveLength(1);
  });

  it('forbids members to add people, and adds nobody', async () => {
    const member = await buildUser(t.ctx, t.app);
    const res = await member.api.post('/users', { email: 'sneaky@acme.test', name: 'Sneaky', password: PASSWORD });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    expect((await login(t, 'sneaky@acme.test')).status).toBe(401);
    expect((await admin.api.get('/users?q=sneaky')).body.items).toEqual([]);
  });

  it('validates the new person', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ email: 'short@acme.test', name: 'Short', password: 'abc123456' }, 'password'],
      [{ email: 'long@acme.test', name: 'Long', password: 'x'.repeat(257) }, 'password'],
      [{ email: 'role@acme.test', name: 'Role', role: 'owner' }, 'role'],
      [{ email: 'kind@acme.test', name: 'Kind', role: 'guest' }, 'role'],
      [{ email: 'not an email', name: 'Bad' }, 'email'],
      [{ email: 'noname@acme.test', name: '   ' }, 'name'],
      [{ email: 'handle@acme.test', name: 'Handle', handle: 'a b' }, 'handle'],
      [{ email: { $ne: null }, name: 'Object' }, 'email'],
    ];
    for (const [payload, field] of cases) {
      const res = await admin.api.post('/users', payload);
      expect(res.status, JSON.stringify(payload)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(Object.keys(res.body.error.details)).toContain(field);
    }
  });

  it('creates admins who can add people, and members who cannot', async () => {
    const res = await admin.api.post('/users', { email: 'second.admin@acme.test', name: 'Second Admin', role: 'admin', password: PASSWORD });
    expect(res.status).toBe(201);
    expect(res.body.user.role).toBe('admin');
    const session = (await login(t, 'second.admin@acme.test')).body;
    const made = await client(t.app, session.token).post('/users', { email: 'made.by.second@acme.test', name: 'Made' });
    expect(made.status).toBe(201);
    expect(made.body.user.role).toBe('member');
  });
});

describe('deactivation and roles', () => {
  let t: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await buildOrg(t.ctx, t.app);
  });
  afterAll(() => t.close());

  it('ends a deactivated person’s sessions at once, refuses his login and hides him from the directory', async () => {
    const boss = await buildUser(t.ctx, t.app, { name: 'Boss Person' });
    const bob = await buildUser(t.ctx, t.app, { name: 'Bob Gone', password: PASSWORD, managerId: boss.id });
    const colleague = await buildUser(t.ctx, t.app);
    expect((await bob.api.get('/me')).status).toBe(200);
    expect(ids((await colleague.api.get('/users?q=bob gone')).body.items)).toEqual([bob.id]);

    const res = await admin.api.patch(`/users/${bob.id}`, { status: 'deactivated' });
    expect(res.status).toBe(200);
    expect(res.body.user.status).toBe('deactivated');

    const me = await bob.api.get('/me');
    expect(me.status).toBe(401);
    expect(me.body.error.code).toBe('unauthenticated');
    expect((await bob.api.post(`/users/${colleague.id}/follow`)).status).toBe(401);
    const denied = await login(t, bob.email);
    expect(denied.status).toBe(401);
    expect(denied.body).toEqual((await login(t, bob.email, 'not his password at all')).body);

    expect((await colleague.api.get('/users?q=bob gone')).body.items).toEqual([]);
    expect((await colleague.api.get(`/users/${bob.id}`)).status).toBe(404);
    expect((await colleague.api.get(`/users/${boss.id}/reports`)).body.items).toEqual([]);
    expect(ids((await colleague.api.get('/orgchart')).body.items)).not.toContain(bob.id);
    // Admins still open the profile, to reactivate it.
    expect((await admin.api.get(`/users/${bob.id}`)).body.user.status).toBe('deactivated');
  });

  it('lists deactivated people to admins only', async () => {
    const gone = await buildUser(t.ctx, t.app, { name: 'Listed Gone' });
    const member = await buildUser(t.ctx, t.app);
    await admin.api.patch(`/users/${gone.id}`, { status: 'deactivated' });
    const list = await admin.api.get('/users?status=deactivated&q=listed');
    expect(list.status).toBe(200);
    expect(ids(list.body.items)).toEqual([gone.id]);
    expect((await admin.api.get('/users?status=deactivated')).body.items.every((u: U) => u.status === 'deactivated')).toBe(true);
    const denied = await member.api.get('/users?status=deactivated');
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('forbidden');
  });

  it('reactivates: the person signs in again and is back in the directory', async () => {
    const carl = await buildUser(t.ctx, t.app, { name: 'Carl Comeback', password: PASSWORD });
    await admin.api.patch(`/users/${carl.id}`, { status: 'deactivated' });
    expect((await login(t, carl.email)).status).toBe(401);
    const res = await admin.api.patch(`/users/${carl.id}`, { status: 'active' });
    expect(res.status).toBe(200);
    expect(res.body.user.status).toBe('active');
    const session = await login(t, carl.email);
    expect(session.status).toBe(200);
    expect((await client(t.app, session.body.token).get('/me')).status).toBe(200);
    expect(ids((await admin.api.get('/users?q=carl comeback')).body.items)).toEqual([carl.id]);
  });

  it('does not let an admin deactivate or demote himself', async () => {
    for (const patch of [{ status: 'deactivated' }, { role: 'member' }]) {
      const res = await admin.api.patch(`/users/${admin.id}`, patch);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    const me = await admin.api.get('/me');
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({ role: 'admin', status: 'active' });
    // Restating what is already true is no change.
    expect((await admin.api.patch(`/users/${admin.id}`, { role: 'admin', status: 'active', title: 'Chief' })).status).toBe(200);
  });

  it('does not let a member change roles or status, his own or anyone’s', async () => {
    const member = await buildUser(t.ctx, t.app);
    const other = await buildUser(t.ctx, t.app);
    const attempts: [string, Record<string, unknown>][] = [
      [member.id, { role: 'admin' }],
      [member.id, { status: 'deactivated' }],
      [other.id, { role: 'admin' }],
      [other.id, { status: 'deactivated' }],
    ];
    for (const [id, patch] of attempts) {
      const res = await member.api.patch(`/users/${id}`, patch);
      expect(res.status, JSON.stringify(patch)).toBe(403);
    }
    expect((await admin.api.get(`/users/${member.id}`)).body.user).toMatchObject({ role: 'member', status: 'active' });
    expect((await admin.api.get(`/users/${other.id}`)).body.user).toMatchObject({ role: 'member', status: 'active' });
    expect((await member.api.post('/users', { email: 'x@acme.test', name: 'X' })).status).toBe(403);
  });

  it('applies a role change on the very next request', async () => {
    const made = await admin.api.post('/users', { email: 'temp.admin@acme.test', name: 'Temp Admin', role: 'admin', password: PASSWORD });
    const token = (await login(t, 'temp.admin@acme.test')).body.token as string;
    const temp = client(t.app, token);
    expect((await temp.post('/users', { email: 'by.temp@acme.test', name: 'By Temp' })).status).toBe(201);
    expect((await admin.api.patch(`/users/${made.body.user.id}`, { role: 'member' })).body.user.role).toBe('member');
    expect((await temp.post('/users', { email: 'by.temp2@acme.test', name: 'By Temp 2' })).status).toBe(403);
  });
});

describe('profiles', () => {
  let t: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await buildOrg(t.ctx, t.app);
  });
  afterAll(() => t.close());

  it('shows every field the contract lists', async () => {
    const u = await buildUser(t.ctx, t.app);
    const res = await admin.api.get(`/users/${u.id}`);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['user']);
    const user = res.body.user;
    for (const key of [
      'id', 'handle', 'name', 'email', 'title', 'department', 'location', 'phone', 'about', 'avatarUrl', 'managerId',
      'skills', 'experience', 'kind', 'role', 'followersCount', 'followingCount', 'isFollowing',
    ]) {
      expect(user, key).toHaveProperty(key);
    }
    expect(user).toMatchObject({
      id: u.id, handle: u.handle, email: u.email, avatarUrl: null, managerId: null, skills: [], experience: [],
      kind: 'member', role: 'member', followersCount: 0, followingCount: 0, isFollowing: false,
    });
    expect(user).not.toHaveProperty('password_hash');
    expect(user).not.toHaveProperty('passwordHash');
    expect(JSON.stringify(res.body)).not.toMatch(/argon2/);
  });

  it('answers 404 for an unknown or malformed id', async () => {
    expect((await admin.api.get(`/users/${MISSING_ID}`)).status).toBe(404);
    const bad = await admin.api.get('/users/not%20an%20id');
    expect(bad.status).toBe(400);
  });

  const fullProfile = (managerId: string) => ({
    name: 'Dora Developer',
    handle: 'dora.dev',
    title: 'Staff Engineer',
    department: 'Platform',
    location: 'Berlin',
    phone: '+49 30 1234567',
    about: 'Builds things. *Markdown* stays text here.',
    skills: ['TypeScript', 'PostgreSQL', 'Kubernetes'],
    experience: [
      { title: 'Engineer', organization: 'Acme', from: '2019-04-01', to: '2023-12-31', description: 'Backend' },
      { title: 'Lead', organization: 'Acme', from: '2024-01-01', to: null, description: '' },
    ],
    managerId,
    locale: 'de',
  });

  it('lets a person edit his own profile, every field', async () => {
    const boss = await buildUser(t.ctx, t.app);
    const dora = await buildUser(t.ctx, t.app);
    const res = await dora.api.patch(`/users/${dora.id}`, fullProfile(boss.id));
    expect(res.status).toBe(200);
    const expected = { ...fullProfile(boss.id), id: dora.id, email: dora.email };
    expect(res.body.user).toMatchObject(expected);
    expect((await admin.api.get(`/users/${dora.id}`)).body.user).toMatchObject(expected);
    // Partial updates leave the rest alone; null clears the manager.
    const partial = await dora.api.patch(`/users/${dora.id}`, { title: 'Principal Engineer', managerId: null });
    expect(partial.body.user).toMatchObject({ ...expected, title: 'Principal Engineer', managerId: null });
  });

  it('lets an admin edit anyone’s profile', async () => {
    const boss = await buildUser(t.ctx, t.app);
    const u = await buildUser(t.ctx, t.app);
    const res = await admin.api.patch(`/users/${u.id}`, { ...fullProfile(boss.id), handle: 'edited.by.admin' });
    expect(res.status).toBe(200);
    expect((await u.api.get(`/users/${u.id}`)).body.user).toMatchObject({ title: 'Staff Engineer', handle: 'edited.by.admin', managerId: boss.id });
  });

  it('forbids a member to edit someone else’s profile, and changes nothing', async () => {
    const victim = await buildUser(t.ctx, t.app);
    const member = await buildUser(t.ctx, t.app);
    const before = (await admin.api.get(`/users/${victim.id}`)).body.user;
    for (const patch of [{ title: 'Hacked' }, { about: 'pwned' }, { skills: ['x'] }, { managerId: member.id }]) {
      const res = await member.api.patch(`/users/${victim.id}`, patch);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    expect((await admin.api.get(`/users/${victim.id}`)).body.user).toEqual(before);
  });

  it('refuses privileged and derived fields in the body (strict schema)', async () => {
    const u = await buildUser(t.ctx, t.app);
    const before = (await admin.api.get(`/users/${u.id}`)).body.user;
    const forged: Record<string, unknown>[] = [
      { id: MISSING_ID },
      { email: 'new@acme.test' },
      { kind: 'guest' },
      { followersCount: 1000 },
      { followingCount: 1000 },
      { isFollowing: true },
      { createdAt: '2000-01-01T00:00:00.000Z' },
      { avatarUrl: 'https://evil.test/x.png' },
      { passwordHash: 'x' },
      { title: 'ok', email: 'sneaky@acme.test' },
    ];
    for (const patch of forged) {
      for (const api of [u.api, admin.api]) {
        const res = await api.patch(`/users/${u.id}`, patch);
        expect(res.status, JSON.stringify(patch)).toBe(400);
        expect(res.body.error.code).toBe('validation_failed');
      }
    }
    expect((await admin.api.get(`/users/${u.id}`)).body.user).toEqual(before);
  });

  it('refuses a handle that is taken, in any case', async () => {
    const a = await buildUser(t.ctx, t.app, { handle: 'taken.handle' });
    const b = await buildUser(t.ctx, t.app);
    for (const handle of ['taken.handle', 'Taken.Handle']) {
      const res = await b.api.patch(`/users/${b.id}`, { handle });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('conflict');
    }
    // One's own handle in another case is no conflict.
    expect((await a.api.patch(`/users/${a.id}`, { handle: 'TAKEN.handle' })).status).toBe(200);
  });

  it('refuses invalid handles and dates', async () => {
    const u = await buildUser(t.ctx, t.app);
    const exp = (from: unknown, to: unknown = null) => ({ experience: [{ title: 'Job', from, to }] });
    const bad: Record<string, unknown>[] = [
      { handle: 'a' },
      { handle: '' },
      { handle: '-dash' },
      { handle: '.dot' },
      { handle: 'has space' },
      { handle: 'slash/y' },
      { handle: 'ümlaut' },
      { handle: 'x'.repeat(33) },
      exp('2020-13-01'),
      exp('2021-02-30'),
      exp('2020-00-10'),
      exp('20-01-01'),
      exp('yesterday'),
      exp('2020-01-01T00:00:00Z'),
      exp('2020-01-01', '2023-02-29'),
      exp('2023-05-01', '2020-01-01'),
      { experience: [{ organization: 'No title' }] },
      { locale: 'fr' },
      { name: '   ' },
    ];
    const before = (await admin.api.get(`/users/${u.id}`)).body.user;
    for (const patch of bad) {
      const res = await u.api.patch(`/users/${u.id}`, patch);
      expect(res.status, JSON.stringify(patch)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    expect((await admin.api.get(`/users/${u.id}`)).body.user).toEqual(before);
    // A leap day is a date.
    expect((await u.api.patch(`/users/${u.id}`, exp('2024-02-29', '2024-03-01'))).status).toBe(200);
  });

  it('refuses manager links that loop or point nowhere', async () => {
    const a = await buildUser(t.ctx, t.app);
    const b = await buildUser(t.ctx, t.app);
    const c = await buildUser(t.ctx, t.app);
    expect((await admin.api.patch(`/users/${b.id}`, { managerId: a.id })).status).toBe(200);
    expect((await admin.api.patch(`/users/${c.id}`, { managerId: b.id })).status).toBe(200);

    const cases: [string, string][] = [
      [a.id, b.id], // A manages B, B would manage A
      [a.id, c.id], // A → B → C → A
      [a.id, a.id], // himself
      [a.id, MISSING_ID],
    ];
    for (const [id, managerId] of cases) {
      const res = await admin.api.patch(`/users/${id}`, { managerId });
      expect(res.status, `${id} ← ${managerId}`).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details).toHaveProperty('managerId');
    }
    const gone = await buildUser(t.ctx, t.app);
    await admin.api.patch(`/users/${gone.id}`, { status: 'deactivated' });
    expect((await admin.api.patch(`/users/${a.id}`, { managerId: gone.id })).status).toBe(400);
    expect((await admin.api.get(`/users/${a.id}`)).body.user.managerId).toBeNull();
  });

  it('enforces the size limits of every field', async () => {
    const u = await buildUser(t.ctx, t.app);
    const tooBig: Record<string, unknown>[] = [
      { about: 'x'.repeat(5001) },
      { skills: Array.from({ length: 51 }, (_, i) => `skill ${i}`) },
      { skills: ['x'.repeat(61)] },
      { skills: [''] },
      { name: 'x'.repeat(121) },
      { title: 'x'.repeat(201) },
      { phone: 'x'.repeat(201) },
      { experience: Array.from({ length: 51 }, () => ({ title: 'Job' })) },
      { experience: [{ title: 'Job', description: 'x'.repeat(2001) }] },
    ];
    for (const patch of tooBig) {
      const res = await u.api.patch(`/users/${u.id}`, patch);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    const atLimit = await u.api.patch(`/users/${u.id}`, {
      about: 'x'.repeat(5000),
      skills: Array.from({ length: 50 }, (_, i) => `skill ${i}`),
    });
    expect(atLimit.status).toBe(200);
    expect(atLimit.body.user.skills).toHaveLength(50);
    expect(atLimit.body.user.about).toHaveLength(5000);
  });

  it('refuses prototype keys and objects where strings belong, and stores nothing', async () => {
    const u = await buildUser(t.ctx, t.app);
    const before = (await admin.api.get(`/users/${u.id}`)).body.user;
    const raw = [
      '{"__proto__": {"role": "admin"}, "title": "proto"}',
      '{"title": "nested", "experience": [{"title": "x", "__proto__": {"isAdmin": true}}]}',
      '{"constructor": {"prototype": {"role": "admin"}}, "title": "ctor"}',
    ];
    for (const body of raw) {
      const res = await u.api.patch(`/users/${u.id}`, body, { 'content-type': 'application/json' });
      expect(res.status, body).toBe(400);
    }
    const objects: Record<string, unknown>[] = [
      { name: { $ne: null } },
      { title: ['a', 'b'] },
      { about: 42 },
      { skills: [{ $gt: '' }] },
      { skills: 'TypeScript' },
      { managerId: { $ne: null } },
      { handle: { toString: 'x' } },
      { role: ['admin'] },
    ];
    for (const patch of objects) {
      const res = await u.api.patch(`/users/${u.id}`, patch);
      expect(res.status, JSON.stringify(patch)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    expect((await admin.api.get(`/users/${u.id}`)).body.user).toEqual(before);
    expect(({} as Record<string, unknown>).role).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    // Still a member: nothing leaked into his actor either.
    expect((await u.api.post('/users', { email: 'proto@acme.test', name: 'Proto' })).status).toBe(403);
  });
});

describe('the directory', () => {
  let t: TestApp;
  let admin: TestUser;
  let viewer: TestUser;
  const people: Record<string, TestUser> = {};
  beforeAll(async () => {
    t = await createTestApp();
    admin = await buildOrg(t.ctx, t.app);
    viewer = await buildUser(t.ctx, t.app, { name: 'Zed Viewer' });
    const seed: [string, Record<string, unknown>][] = [
      ['greta', { name: 'Greta Garbo', title: 'Actress', department: 'Film' }],
      ['hans', { name: 'Hans Hacker', title: 'Security Engineer', department: 'Platform' }],
      ['ines', { name: 'Ines Inventor', title: 'Researcher', department: 'R&D' }],
      ['oezil', { name: 'Özil Öztürk', title: 'ÜBERSETZER', department: 'Sprachen' }],
      ['twin1', { name: 'Twin Same' }],
      ['twin2', { name: 'Twin Same' }],
      ['gone', { name: 'Gone Garbo', title: 'Actress', department: 'Film' }],
    ];
    for (const [key, profile] of seed) {
      const u = await buildUser(t.ctx, t.app, { name: profile.name as string });
      const res = await admin.api.patch(`/users/${u.id}`, profile);
      if (res.status !== 200) throw new Error(JSON.stringify(res.body));
      people[key] = u;
    }
    await admin.api.patch(`/users/${people.ines.id}`, { skills: ['Quantum Computing', 'Rust'] });
    await admin.api.patch(`/users/${people.hans.id}`, { skills: ['Rust', 'Pen-Testing'] });
    await admin.api.patch(`/users/${people.gone.id}`, { skills: ['Rust'], status: 'deactivated' });
  });
  afterAll(() => t.close());

  const search = async (q: string) => {
    const res = await viewer.api.get(`/users?q=${encodeURIComponent(q)}&limit=100`);
    expect(res.status).toBe(200);
    return ids(res.body.items).sort();
  };

  it('finds people by name, title, department, handle and skill, ignoring case', async () => {
    expect(await search('GARBO')).toEqual([people.greta.id]);
    expect(await search('security engineer')).toEqual([people.hans.id]);
    expect(await search('platform')).toEqual([people.hans.id]);
    expect(await search('r&d')).toEqual([people.ines.id]);
    expect(await search('quantum')).toEqual([people.ines.id]);
    expect(await search('RUST')).toEqual([people.hans.id, people.ines.id].sort());
    expect(await search(people.greta.handle.toUpperCase())).toEqual([people.greta.id]);
  });

  it('ignores case beyond ASCII', async () => {
    expect(await search('özil')).toEqual([people.oezil.id]);
    expect(await search('ÖZTÜRK')).toEqual([people.oezil.id]);
    expect(await search('übersetzer')).toEqual([people.oezil.id]);
  });

  it('treats LIKE wildcards in the query as plain characters', async () => {
    expect(await search('%')).toEqual([]);
    expect(await search('_')).toEqual([]);
    expect(await search('G%o')).toEqual([]);
  });

  it('leaves out deactivated people', async () => {
    expect(await search('actress')).toEqual([people.greta.id]);
    const all = await search('');
    expect(all).not.toContain(people.gone.id);
    expect(all).toContain(people.greta.id);
  });

  it('pages with limit=2 through everyone, in order, without duplicates or gaps', async () => {
    const all = await viewer.api.get('/users?limit=100');
    const expected = ids(all.body.items);
    // The admin, the viewer and the seven seeded people, one of them deactivated.
    expect(expected.length).toBe(8);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await viewer.api.get(`/users?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...ids(res.body.items));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 50);
    expect(seen).toEqual(expected);
    expect(new Set(seen).size).toBe(seen.length);
    // Ordered by name; the twins with one name both appear.
    const names = all.body.items.map((u: U) => u.name as string);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(seen).toEqual(expect.arrayContaining([people.twin1.id, people.twin2.id]));
  });

  it('pages a search too', async () => {
    const first = await viewer.api.get('/users?q=twin&limit=1');
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await viewer.api.get(`/users?q=twin&limit=1&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    expect([...ids(first.body.items), ...ids(second.body.items)].sort()).toEqual([people.twin1.id, people.twin2.id].sort());
  });

  it('refuses crafted cursors', async () => {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    for (const cursor of ['garbage!!', b64({ name: 'a' }), b64(['only one']), b64([1, 2]), b64(['a', 'b', 'c']), b64(['x'.repeat(101), 'y'])]) {
      const res = await viewer.api.get(`/users?limit=2&cursor=${encodeURIComponent(cursor)}`);
      expect(res.status, cursor).toBe(400);
      expect(['bad_request', 'validation_failed']).toContain(res.body.error.code);
    }
  });

  it('refuses page sizes outside 1–100', async () => {
    for (const limit of ['0', '101', '-1', 'abc', '1.5']) {
      const res = await viewer.api.get(`/users?limit=${limit}`);
      expect(res.status, limit).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    expect((await viewer.api.get('/users?limit=100')).status).toBe(200);
    expect((await viewer.api.get('/users?limit=1')).body.items).toHaveLength(1);
  });
});

describe('following, reports and the org chart', () => {
  let t: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await buildOrg(t.ctx, t.app);
  });
  afterAll(() => t.close());

  it('follows and unfollows idempotently, with the counts and isFollowing right', async () => {
    const fan = await buildUser(t.ctx, t.app);
    const star = await buildUser(t.ctx, t.app);
    for (let i = 0; i < 2; i++) {
      const res = await fan.api.post(`/users/${star.id}/follow`);
      expect(res.status).toBe(200);
      expect(res.body.user).toMatchObject({ id: star.id, isFollowing: true, followersCount: 1, followingCount: 0 });
    }
    expect((await fan.api.get(`/users/${fan.id}`)).body.user).toMatchObject({ followingCount: 1, followersCount: 0 });
    expect((await star.api.get(`/users/${star.id}`)).body.user).toMatchObject({ followersCount: 1, isFollowing: false });
    for (let i = 0; i < 2; i++) {
      const res = await fan.api.delete(`/users/${star.id}/follow`);
      expect(res.status).toBe(200);
      expect(res.body.user).toMatchObject({ isFollowing: false, followersCount: 0 });
    }
    expect((await fan.api.get(`/users/${fan.id}`)).body.user.followingCount).toBe(0);
  });

  it('refuses following oneself, and unknown people are 404', async () => {
    const u = await buildUser(t.ctx, t.app);
    const res = await u.api.post(`/users/${u.id}/follow`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect((await u.api.get(`/users/${u.id}`)).body.user.followersCount).toBe(0);
    expect((await u.api.post(`/users/${MISSING_ID}/follow`)).status).toBe(404);
    expect((await u.api.get(`/users/${MISSING_ID}/followers`)).status).toBe(404);
  });

  it('pages followers and following, newest first', async () => {
    const star = await buildUser(t.ctx, t.app);
    const fans = [await buildUser(t.ctx, t.app), await buildUser(t.ctx, t.app), await buildUser(t.ctx, t.app)];
    for (const f of fans) expect((await f.api.post(`/users/${star.id}/follow`)).status).toBe(200);

    const walk = async (url: string) => {
      const out: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await admin.api.get(`${url}?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        out.push(...ids(res.body.items));
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      expect(pages).toBe(2);
      return out;
    };
    expect(await walk(`/users/${star.id}/followers`)).toEqual(fans.map((f) => f.id).reverse());
    for (const f of fans.slice(0, 2)) await fans[2].api.post(`/users/${f.id}/follow`);
    expect(await walk(`/users/${fans[2].id}/following`)).toEqual([fans[1].id, fans[0].id, star.id]);
  });

  it('keeps follower counts consistent with the lists when a follower is deactivated', async () => {
    const star = await buildUser(t.ctx, t.app);
    const stays = await buildUser(t.ctx, t.app);
    const leaves = await buildUser(t.ctx, t.app);
    await stays.api.post(`/users/${star.id}/follow`);
    await leaves.api.post(`/users/${star.id}/follow`);
    await leaves.api.post(`/users/${stays.id}/follow`);
    await admin.api.patch(`/users/${leaves.id}`, { status: 'deactivated' });

    const profile = (await admin.api.get(`/users/${star.id}`)).body.user;
    const list = (await admin.api.get(`/users/${star.id}/followers?limit=100`)).body.items;
    expect(ids(list)).toEqual([stays.id]);
    expect(profile.followersCount).toBe(list.length);
    const staysProfile = (await admin.api.get(`/users/${stays.id}`)).body.user;
    expect(staysProfile.followersCount).toBe(0);
  });

  it('shows reports and the org chart from manager links, without deactivated people', async () => {
    const boss = await buildUser(t.ctx, t.app, { name: 'Chart Boss' });
    const r1 = await buildUser(t.ctx, t.app, { name: 'Chart Report A', managerId: boss.id });
    const r2 = await buildUser(t.ctx, t.app, { name: 'Chart Report B' });
    expect((await r2.api.patch(`/users/${r2.id}`, { managerId: boss.id })).status).toBe(200);
    const sub = await buildUser(t.ctx, t.app, { name: 'Chart Sub', managerId: r1.id });

    const reports = await admin.api.get(`/users/${boss.id}/reports`);
    expect(reports.status).toBe(200);
    expect(ids(reports.body.items)).toEqual([r1.id, r2.id]);
    expect(ids((await admin.api.get(`/users/${r1.id}/reports`)).body.items)).toEqual([sub.id]);

    const chart = await r2.api.get('/orgchart');
    expect(chart.status).toBe(200);
    const byId = new Map(chart.body.items.map((n: U) => [n.id, n]));
    expect(byId.get(boss.id)).toMatchObject({ managerId: null, name: 'Chart Boss' });
    expect(byId.get(r1.id)).toMatchObject({ managerId: boss.id });
    expect(byId.get(r2.id)).toMatchObject({ managerId: boss.id });
    expect(byId.get(sub.id)).toMatchObject({ managerId: r1.id });

    await admin.api.patch(`/users/${r2.id}`, { status: 'deactivated' });
    expect(ids((await admin.api.get(`/users/${boss.id}/reports`)).body.items)).toEqual([r1.id]);
    expect(ids((await admin.api.get('/orgchart')).body.items)).not.toContain(r2.id);
    expect((await admin.api.get(`/users/${MISSING_ID}/reports`)).status).toBe(404);
  });
});
