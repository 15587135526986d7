import { badRequest } from './errors.js';

/**
 * Keyset cursors: the sort key of the last item, opaque to clients. A crafted cursor is only
 * ever a position in a list the caller is already filtered to, so it cannot reveal anything.
 * Its parts reach SQL as parameters; NUL is refused as PostgreSQL's text type would refuse it.
 */
export function encodeCursor(parts: string[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, size: number): string[] | null {
  if (cursor === undefined || cursor === '') return null;
  try {
    const parts: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parts) && parts.length === size && parts.every((p) => typeof p === 'string' && p.length <= 100 && !p.includes('\u0000'))) {
      return parts as string[];
    }
  } catch {
    /* fall through */
  }
  throw badRequest('Invalid cursor');
}

/** Fetch `limit + 1` rows, return `limit` and the cursor of the last one if there were more. */
export function pageOf<T>(rows: T[], limit: number, key: (row: T) => string[]): { rows: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { rows, nextCursor: null };
  const kept = rows.slice(0, limit);
  return { rows: kept, nextCursor: encodeCursor(key(kept[kept.length - 1])) };
}
