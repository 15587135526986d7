import type { FastifyRequest } from 'fastify';
import { AppError } from '../lib/errors.js';

/** The one file of a multipart upload, in the field "file" (limits: app.ts multipart options). */
export async function readFileField(req: FastifyRequest): Promise<Buffer> {
  if (!req.isMultipart()) throw new AppError(415, 'unsupported_media_type', 'Send the image as multipart/form-data, field "file"');
  const file = await req.file();
  if (!file || file.fieldname !== 'file') throw new AppError(400, 'validation_failed', 'The image goes in the field "file"', { file: 'required' });
  return file.toBuffer();
}
