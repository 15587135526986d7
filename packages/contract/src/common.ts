import { z } from 'zod';
import { LIMITS } from './limits.js';

/** Ids are opaque strings, sortable by creation time (ULIDs). */
export const Id = z.string().min(1).max(64).regex(/^[0-9A-Za-z_-]+$/, 'invalid id');
export const IdParams = z.object({ id: Id });
export const Timestamp = z.string().describe('ISO 8601 UTC');
export const DateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSize.max).default(LIMITS.pageSize.default),
  cursor: z.string().max(200).optional(),
});
export type PageQuery = z.infer<typeof PageQuery>;

export function page<T extends z.ZodTypeAny>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const Ok = z.object({ ok: z.literal(true) });
