import fs from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildUser, type TestUser } from '../factories.js';
import { createTestApp, type TestApp } from '../harness.js';
import { multipart } from '../multipart.js';

const MiB = 1024 * 1024;

const png = (width = 640, height = 480) =>
  sharp({ create: { width, height, channels: 3, background: { r: 20, g: 120, b: 200 } } }).png().toBuffer();

/** A JPEG that carries camera and GPS metadata, as phone photos do. */
const jpegWithGps = () =>
  sharp({ create: { width: 1200, height: 800, channels: 3, background: { r: 200, g: 30, b: 40 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'SpyCam', Copyright: 'Secret Corp' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '52/1 31/1 12/1', GPSLongitudeRef: 'E', GPSLongitude: '13/1 24/1 36/1' },
    })
    .toBuffer();

/** A valid PNG header that claims 100,000 × 100,000 pixels: a decompression bomb's calling card. */
function pixelBombPng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(100_000, 0);
  ihdr.writeUInt32BE(100_000, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('avatars', () => {
  let t: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await buildOrg(t.ctx, t.app);
  });
  afterAll(() => t.close());

  async function upload(as: TestUser, userId: string, parts: Parameters<typeof multipart>[0]) {
    const { payload, contentType } = await multipart(parts);
    const res = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/users/${userId}/avatar`,
      payload,
      headers: { authorization: `Bearer ${as.token}`, 'content-type': contentType },
    });
    return { status: res.statusCode, body: res.json() };
  }

  async function fetchImage(as: TestUser, url: string) {
    const res = await t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${as.token}` } });
    return { status: res.statusCode, headers: res.headers, data: res.rawPayload };
  }

  it('stores a PNG as a WebP of at most 512×512, served privately at the returned avatarUrl', async () => {
    const u = await buildUser(t.ctx, t.app);
    const res = await upload(u, u.id, [{ data: await png(), filename: 'me.png', type: 'image/png' }]);
    expect(res.status).toBe(200);
    expect(res.body.user.id).toBe(u.id);
    const url = res.body.user.avatarUrl as string;
    expect(url).toMatch(new RegExp(`^/api/v1/users/${u.id}/avatar`));
    expect((await admin.api.get(`/users/${u.id}`)).body.user.avatarUrl).toBe(url);

    // Colleagues see it too.
    const image = await fetchImage(admin, url);
    expect(image.status).toBe(200);
    expect(image.headers['content-type']).toBe('image/webp');
    expect(image.headers['cache-control']).toMatch(/^private/);
    expect(image.headers['x-content-type-options']).toBe('nosniff');
    const meta = await sharp(image.data).metadata();
    expect(meta.format).toBe('webp');
    expect(meta.width).toBeLessThanOrEqual(512);
    expect(meta.height).toBeLessThanOrEqual(512);
  });

  it('strips EXIF and GPS metadata from a JPEG', async () => {
    const u = await buildUser(t.ctx, t.app);
    const photo = await jpegWithGps();
    // The input really carries what must go.
    expect((await sharp(photo).metadata()).exif?.includes('SpyCam')).toBe(true);

    const res = await upload(u, u.id, [{ data: photo, filename: 'IMG_0001.JPG', type: 'image/jpeg' }]);
    expect(res.status).toBe(200);
    const image = await fetchImage(u, res.body.user.avatarUrl);
    const meta = await sharp(image.data).metadata();
    expect(meta.format).toBe('webp');
    expect(meta.width).toBeLessThanOrEqual(512);
    expect(meta.height).toBeLessThanOrEqual(512);
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    for (const marker of ['Exif', 'SpyCam', 'Secret Corp', 'GPS']) expect(image.data.includes(marker), marker).toBe(false);
  });

  it('accepts WebP and GIF too, and photos over the 1 MiB JSON limit', async () => {
    const u = await buildUser(t.ctx, t.app);
    const base = sharp({ create: { width: 300, height: 300, channels: 4, background: { r: 0, g: 200, b: 0, alpha: 1 } } });
    for (const [data, type] of [
      [await base.clone().webp().toBuffer(), 'image/webp'],
      [await base.clone().gif().toBuffer(), 'image/gif'],
    ] as const) {
      expect((await upload(u, u.id, [{ data, type, filename: 'x' }])).status, type).toBe(200);
    }
    const noisy = await sharp({ create: { width: 1000, height: 1000, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } } })
      .png({ compressionLevel: 0 })
      .toBuffer();
    expect(noisy.length).toBeGreaterThan(2 * MiB);
    expect(noisy.length).toBeLessThan(10 * MiB);
    expect((await upload(u, u.id, [{ data: noisy, type: 'image/png', filename: 'big.png' }])).status).toBe(200);
  });

  it('judges by content: text named photo.png, SVG, HTML and a pixel bomb are 415', async () => {
    const u = await buildUser(t.ctx, t.app);
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><script>alert(1)</script><rect width="64" height="64" fill="red"/></svg>');
    const cases: { data: Buffer; filename: string; type: string }[] = [
      { data: Buffer.from('just some text, not an image\n'.repeat(20)), filename: 'photo.png', type: 'image/png' },
      { data: svg, filename: 'logo.svg', type: 'image/svg+xml' },
      { data: svg, filename: 'logo.png', type: 'image/png' },
      { data: Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>'), filename: 'a.jpg', type: 'image/jpeg' },
      { data: pixelBombPng(), filename: 'bomb.png', type: 'image/png' },
    ];
    for (const c of cases) {
      const res = await upload(u, u.id, [c]);
      expect(res.status, c.filename).toBe(415);
      expect(res.body.error.code).toBe('unsupported_media_type');
    }
    expect((await admin.api.get(`/users/${u.id}`)).body.user.avatarUrl).toBeNull();
  });

  it('refuses an empty upload, a missing file field and a body that is not multipart', async () => {
    const u = await buildUser(t.ctx, t.app);
    const empty = await upload(u, u.id, [{ data: Buffer.alloc(0), filename: 'empty.png', type: 'image/png' }]);
    expect([400, 415]).toContain(empty.status);
    const wrongField = await upload(u, u.id, [{ field: 'photo', data: await png(), filename: 'me.png', type: 'image/png' }]);
    expect(wrongField.status).toBe(400);
    expect(wrongField.body.error.code).toBe('validation_failed');
    const json = await u.api.put(`/users/${u.id}/avatar`, { file: 'aGVsbG8=' });
    expect(json.status).toBe(415);
    expect(json.body.error.code).toBe('unsupported_media_type');
    expect((await admin.api.get(`/users/${u.id}`)).body.user.avatarUrl).toBeNull();
  });

  it('refuses files over 10 MiB with 413', async () => {
    const u = await buildUser(t.ctx, t.app);
    const big = Buffer.alloc(10 * MiB + 1, 0x41);
    big.set(await png(8, 8));
    const res = await upload(u, u.id, [{ data: big, filename: 'huge.png', type: 'image/png' }]);
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
    expect((await admin.api.get(`/users/${u.id}`)).body.user.avatarUrl).toBeNull();
  });

  it('lets only the person himself or an admin change a photo', async () => {
    const owner = await buildUser(t.ctx, t.app);
    const other = await buildUser(t.ctx, t.app);
    const denied = await upload(other, owner.id, [{ data: await png(), filename: 'x.png', type: 'image/png' }]);
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('forbidden');
    expect((await admin.api.get(`/users/${owner.id}`)).body.user.avatarUrl).toBeNull();

    const byAdmin = await upload(admin, owner.id, [{ data: await png(), filename: 'x.png', type: 'image/png' }]);
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.user.id).toBe(owner.id);
    expect(byAdmin.body.user.avatarUrl).toEqual(expect.any(String));

    expect((await upload(other, '01ARZ3NDEKTSV4RRFFQ69G5FAV', [{ data: await png(), type: 'image/png' }])).status).toBe(404);
  });

  it('replaces the photo: a new URL, the new image, and the old file gone', async () => {
    const u = await buildUser(t.ctx, t.app);
    const first = await upload(u, u.id, [{ data: await png(600, 600), type: 'image/png' }]);
    const second = await upload(u, u.id, [{ data: await jpegWithGps(), type: 'image/jpeg' }]);
    expect(second.status).toBe(200);
    expect(second.body.user.avatarUrl).not.toBe(first.body.user.avatarUrl);
    const stored = fs.readdirSync(path.join(t.config.dataDir, 'blobs', 'avatars', u.id));
    expect(stored).toHaveLength(1);
    const image = await fetchImage(u, second.body.user.avatarUrl);
    const served = await sharp(image.data).raw().toBuffer({ resolveWithObject: true });
    // The JPEG is red: the served pixels are the second upload's, not the blue PNG's.
    expect(served.data[0]).toBeGreaterThan(150);
    expect(served.data[2]).toBeLessThan(100);
  });

  it('answers 404 for the photo of someone who has none, or of nobody', async () => {
    const u = await buildUser(t.ctx, t.app);
    const none = await fetchImage(admin, `/api/v1/users/${u.id}/avatar`);
    expect(none.status).toBe(404);
    expect(JSON.parse(none.data.toString()).error.code).toBe('not_found');
    expect((await fetchImage(admin, '/api/v1/users/01ARZ3NDEKTSV4RRFFQ69G5FAV/avatar')).status).toBe(404);
  });
});

describe('avatar upload rate', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ WRITE_LIMIT_PER_MINUTE: '2' });
    await buildOrg(t.ctx, t.app);
  });
  afterAll(() => t.close());

  it('counts uploads against the per-person write limit', async () => {
    const u = await buildUser(t.ctx, t.app);
    const other = await buildUser(t.ctx, t.app);
    const { payload, contentType } = await multipart([{ data: await png(), type: 'image/png' }]);
    const put = (who: TestUser) =>
      t.app.inject({ method: 'PUT', url: `/api/v1/users/${who.id}/avatar`, payload, headers: { authorization: `Bearer ${who.token}`, 'content-type': contentType } });
    expect((await put(u)).statusCode).toBe(200);
    expect((await put(u)).statusCode).toBe(200);
    const third = await put(u);
    expect(third.statusCode).toBe(429);
    expect(third.json().error.code).toBe('rate_limited');
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(0);
    // Per person: a colleague is not held up.
    expect((await put(other)).statusCode).toBe(200);
  });
});
