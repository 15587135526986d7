/**
 * The column of a unique constraint an insert or update ran into, or null for any other error.
 * Checks done before a write cannot see a concurrent transaction's row; the constraint can, and
 * this turns what it says into a 409 instead of a 500. PostgreSQL names the constraint
 * (`users_email_key`), SQLite the column (`UNIQUE constraint failed: users.email`).
 */
export function uniqueViolation(err: unknown): string | null {
  const e = err as { code?: unknown; constraint?: unknown; message?: unknown } | null;
  if (!e || typeof e !== 'object') return null;
  if (e.code === '23505') return typeof e.constraint === 'string' ? e.constraint : '';
  if (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return typeof e.message === 'string' ? e.message : '';
  }
  return null;
}
