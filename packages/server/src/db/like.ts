import { type RawBuilder, sql } from 'kysely';

/**
 * A case-insensitive "contains" pattern for `lower(column) LIKE …`, with the user's % and _
 * taken literally. Same SQL on SQLite and PostgreSQL.
 */
export function containsPattern(text: string): RawBuilder<string> {
  const like = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<string>`${like} escape '\\'`;
}
