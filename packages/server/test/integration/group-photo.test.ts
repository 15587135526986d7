import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildUser, type TestUser } from '../factories.js';
import { createTestApp, type TestApp } from '../harness.js';
import { multipart } from '../multipart.js';

describe('group pictures', () => {
  let t: TestApp;
  let owner: TestUser;
  let member: TestUser;
  let outsider: TestUser;
  let groupId = '';
  let unlistedId = '';

  const upload = async (user: TestUser, id: string, data: Buffer, type = 'image/png') => {
    const body = await multipart([{ data, type, filename: 'picture.png' }]);
    const res = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/groups/${id}/photo`,
      payload: body.payload,
      headers: { authorization: `Bearer ${user.token}`, 'content-type': body.contentType },
    });
    return { status: res.statusCode, body: res.json() };
  };
  const png = () => sharp({ create: { width: 900, height: 300, channels: 3, background: '#2a6' } }).png().toBuffer();

  beforeAll(async () => {
    t = await createTestApp();
    owner = await buildOrg(t.ctx, t.app);
    member = await buildUser(t.ctx, t.app);
    outsider = await buildUser(t.ctx, t.app);
    groupId = (await owner.api.post('/groups', { name: 'Plant Hamburg', visibility: 'private' })).body.group.id;
    unlistedId = (await owner.api.post('/groups', { name: 'Board', visibility: 'unlisted' })).body.group.id;
    expect((await owner.api.post(`/groups/${groupId}/members`, { userId: member.id })).status).toBe(201);
  });
  afterAll(() => t.close());

  it('lets owners set a picture, stored as a square WebP and served under the group’s own rules', async () => {
    const res = await upload(owner, groupId, await png());
    expect(res.status).toBe(200);
    const url: string = res.body.group.photoUrl;
    expect(url).toMatch(new RegExp(`^/api/v1/groups/${groupId}/photo\\?v=`));
    const served = await t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${outsider.token}` } });
    expect(served.statusCode).toBe(200); // a private group's card (name, picture) is visible to colleagues
    expect(served.headers['content-type']).toBe('image/webp');
    const meta = await sharp(served.rawPayload).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 512, 512]);
  });

  it('refuses members who do not manage the group, non-images, and hides unlisted groups’ pictures', async () => {
    expect((await upload(member, groupId, await png())).status).toBe(403);
    expect((await upload(owner, groupId, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), 'image/svg+xml')).status).toBe(415);
    expect((await upload(owner, unlistedId, await png())).status).toBe(200);
    const hidden = await outsider.api.get(`/groups/${unlistedId}/photo`);
    expect(hidden.status).toBe(404);
    expect((await outsider.api.get(`/groups/${unlistedId}/photo`)).body).toEqual((await outsider.api.get('/groups/01ZZZZZZZZZZZZZZZZZZZZZZZZ/photo')).body);
    expect((await upload(outsider, unlistedId, await png())).status).toBe(404);
  });
});
