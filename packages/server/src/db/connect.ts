import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, type LogEvent, PostgresAdapter, PostgresDialect } from 'kysely';
import { Checkpointer } from './checkpointer.js';
import { type Durability, GroupCommitSqliteDialect } from './group-commit.js';
import { retryingPool } from './pg-pool.js';
import pg from 'pg';
import type { DB } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  dialect: Dialect;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /**
   * Called with the SQL of every statement sent to the database (failed ones too). Tests use it
   * to pin the number of queries per request (DESIGN.md §3.5: no N+1); unset, it costs nothing.
   */
  onQuery?: (sql: string) => void;
}

/** `sqlite:<path>` (or `sqlite::memory:`) or `postgres://…`. */
export function connect(url: string, opts: ConnectOptions = {}): Database {
  const { onQuery } = opts;
  const log = onQuery ? (event: LogEvent) => onQuery(event.query.sql) : undefined;
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    // An idle connection the server closes (restart, failover, idle timeout, pg_terminate_backend)
    // is reported here; without a listener the process would crash. The pool has already dropped
    // that client and the next query opens a fresh one, so there is nothing else to do.
    pool.on('error', () => undefined);
    // A request's first statement meeting a connection the server just closed runs again (pg-pool.ts).
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: retryingPool(pool) }), log });
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  if (!url.startsWith('sqlite:')) throw new Error(`DATABASE_URL must start with sqlite: or postgres://, got "${url}"`);
  const file = url.slice('sqlite:'.length);
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  // A commit is on disk before it is acknowledged; a kill or power cut loses nothing acknowledged.
  // On a file: synchronous=NORMAL and the group commit answers after its own fdatasync of the log
  // (walDurability), so the disk wait happens beside the event loop instead of inside it.
  const durability = file === ':memory:' ? null : walDurability(`${file}-wal`);
  sqlite.pragma(durability ? 'synchronous = NORMAL' : 'synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // SQLite's own lower() folds ASCII only ('Ö' stays 'Ö'); PostgreSQL folds every letter.
  // Case-insensitive search (lower(col) LIKE …) must find "Özil" for "özil" on both.
  sqlite.function('lower', { deterministic: true }, (s: unknown) => (typeof s === 'string' ? s.toLowerCase() : s));
  // Checkpoints happen in a worker (db/checkpointer.ts), never inside a request's commit.
  const checkpointer = file === ':memory:' ? null : new Checkpointer(file);
  if (checkpointer) sqlite.pragma('wal_autocheckpoint = 0');
  const db = new Kysely<DB>({ dialect: new GroupCommitSqliteDialect(withStatementCache(sqlite), durability), log });
  return {
    db,
    dialect: 'sqlite',
    close: async () => {
      await checkpointer?.stop();
      await db.destroy(); // the last batch commits
      // better-sqlite3 checkpoints and removes the log when the last connection closes.
    },
  };
}

/**
 * fdatasync of SQLite's write-ahead log, on libuv's thread pool. SQLite keeps the log's file (it
 * is truncated or rewritten from its start, never replaced) while a connection is open, so one
 * handle, opened at the first sync (a commit has created the file by then), serves throughout.
 */
function walDurability(walFile: string): Durability {
  let handle: fs.promises.FileHandle | null = null;
  return {
    // Never two at once: the group commit waits for one sync before it starts the next.
    async sync() {
      handle ??= await fs.promises.open(walFile, 'r');
      await handle.datasync();
    },
    async close() {
      await handle?.close();
      handle = null;
    },
  };
}

/**
 * Kysely prepares every statement anew; preparing costs about as much as running a small query.
 * The same SQL text (Kysely compiles one shape to one text, values are parameters) reuses its
 * prepared statement. Safe because statements run to completion synchronously (no streaming).
 */
function withStatementCache(sqlite: SQLite.Database, max = 2000) {
  const statements = new Map<string, SQLite.Statement>();
  return {
    prepare(sql: string) {
      let stmt = statements.get(sql);
      if (!stmt) {
        if (statements.size >= max) statements.delete(statements.keys().next().value!);
        stmt = sqlite.prepare(sql);
        statements.set(sql, stmt);
      }
      return stmt;
    },
    close() {
      statements.clear();
      sqlite.close();
    },
    get inTransaction() {
      return sqlite.inTransaction;
    },
  };
}

/** Which dialect an executor (a Kysely instance or a transaction) speaks. */
export const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter instanceof PostgresAdapter;
