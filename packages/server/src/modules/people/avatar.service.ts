import { writeTransaction } from '../../realtime/transaction.js';
import { createHash } from 'node:crypto';
import { LIMITS, type User } from '@atrium/contract';
import sharp from 'sharp';
import { type AppContext, nowIso } from '../../context.js';
import { AppError, forbidden, notFound } from '../../lib/errors.js';
import type { Actor } from '../auth/actor.js';
import { userPolicy } from '../../policies/users.policy.js';
import { loadVisibleUser, presentOne } from './users.service.js';
import * as repo from './users.repo.js';

const ACCEPTED = new Set(['jpeg', 'png', 'webp', 'gif']);
const SIZE = 512;

const notAnImage = () =>
  new AppError(415, 'unsupported_media_type', 'The file must be a JPEG, PNG, WebP or GIF image');

/**
 * Judge the upload by its content, never by its name or declared type; re-encode it, which
 * drops EXIF and any other metadata (GPS!) and anything smuggled after the image data.
 */
export async function normalizeAvatar(input: Buffer): Promise<Buffer> {
  let format: string | undefined;
  try {
    format = (await sharp(input, { limitInputPixels: LIMITS.avatarPixels }).metadata()).format;
  } catch {
    throw notAnImage();
  }
  if (!format || !ACCEPTED.has(format)) throw notAnImage();
  try {
    return await sharp(input, { limitInputPixels: LIMITS.avatarPixels, pages: 1 })
      .rotate() // apply the EXIF orientation before the metadata goes
      .resize(SIZE, SIZE, { fit: 'cover', position: 'attention' })
      .webp({ quality: 82 })
      .toBuffer();
  } catch {
    throw notAnImage();
  }
}

/** Normalize an uploaded picture and store it under a key derived from its content. */
export async function storeImage(ctx: AppContext, prefix: string, upload: Buffer): Promise<string> {
  const image = await normalizeAvatar(upload);
  const key = `${prefix}/${createHash('sha256').update(image).digest('hex').slice(0, 24)}.webp`;
  await ctx.blobs.put(key, image);
  return key;
}

export async function setAvatar(ctx: AppContext, actor: Actor, id: string, upload: Buffer): Promise<User> {
  const target = await loadVisibleUser(ctx.db, actor, id);
  if (!userPolicy.updateProfile(actor, target)) throw forbidden('You may only change your own photo');
  // Uploads are writes (API.md, Limits); counted before the image work, which is the costly part.
  ctx.limiter.hit(`write:${actor.id}`, ctx.config.writeLimitPerMinute, 60_000);
  const key = await storeImage(ctx, `avatars/${id}`, upload);
  const previous = target.avatar_key;
  const user = await writeTransaction(ctx, async (tx, emit) => {
    await repo.updateUser(tx, id, { avatar_key: key, updated_at: nowIso(ctx) });
    emit({ type: 'user.changed', data: { userId: id }, audience: { kind: 'nobody' } });
    return presentOne(tx, (await repo.findUserById(tx, id))!, actor);
  });
  // Only after the new key is committed may the old file go.
  if (previous && previous !== key) await ctx.blobs.delete(previous).catch(() => undefined);
  return user;
}

export async function getAvatar(ctx: AppContext, actor: Actor, id: string): Promise<Buffer> {
  const target = await loadVisibleUser(ctx.db, actor, id);
  const data = target.avatar_key ? await ctx.blobs.get(target.avatar_key) : null;
  if (!data) throw notFound('No photo');
  return data;
}
