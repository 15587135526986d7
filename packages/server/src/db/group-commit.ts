import type SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  SelectQueryNode,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';

/** The part of better-sqlite3 this driver uses (the statement cache in connect.ts provides it). */
export interface SqliteHandle {
  prepare(sql: string): SQLite.Statement;
  close(): void;
  readonly inTransaction: boolean;
}

/**
 * Makes what is committed so far durable (an fdatasync of the write-ahead log, off the event loop).
 * With it the database runs with synchronous=NORMAL (a commit writes the log but does not wait for
 * the disk) and every batch is answered only after a sync that began after its commit: the same
 * guarantee as synchronous=FULL, while the event loop goes on with the next batch.
 */
export interface Durability {
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** A batch commits at the latest this long after it opened. */
const MAX_BATCH_MS = 5;

interface Batch {
  members: number;
  openedAt: number;
  /** Waiting one turn of the event loop for more transactions before committing. */
  lingering: boolean;
  /** The outer transaction vanished under us (SQLite rolls back on I/O errors): nobody in it may be acknowledged. */
  poisoned: boolean;
  done: Promise<void>;
  resolve(): void;
  reject(err: unknown): void;
}

/**
 * Group commit for SQLite (issue 5: ≥ 1,000 durably committed posts/s). With synchronous=FULL a
 * commit waits for the disk (about 0.6 ms for a post here) and blocks the event loop meanwhile.
 * This driver lets consecutive transactions share one real transaction and one commit:
 *
 * - the first connection use opens a real transaction; each logical transaction is a savepoint in
 *   it (a failing one rolls back to its savepoint and leaves the others alone);
 * - when a transaction (or a single statement) is done and others are waiting for the connection,
 *   it hands the connection over and waits. With nobody waiting, the batch lingers for one turn
 *   of the event loop: an HTTP server runs one request's transaction to its end before it reads
 *   the next request, so without this pause nobody would ever be waiting. The last one in line
 *   (or the 64th, or after 5 ms) commits for all;
 * - everyone is answered only after that commit, so an acknowledgement still means "on disk";
 *   if the commit fails, every member fails;
 * - with a `Durability` (connect.ts gives one for a database file), the commit does not wait for
 *   the disk: the batch is answered after the driver's own sync of the log, on the thread pool,
 *   while the next batch already runs.
 *
 * Like Kysely's own SQLite driver there is one connection, used by one caller at a time.
 */
export class GroupCommitDriver implements Driver {
  private connection!: DatabaseConnection;
  private busy = false;
  private waiters: (() => void)[] = [];
  private batch: Batch | null = null;
  /** Committed batches waiting for the next sync, and the sync in flight. */
  private unsynced: Batch[] = [];
  private syncing: Promise<void> | null = null;

  constructor(
    private db: SqliteHandle,
    private durability: Durability | null = null,
    private maxBatch = 64,
  ) {}

  private exec(sql: string) {
    this.db.prepare(sql).run();
  }

  async init() {
    const db = this.db;
    this.connection = {
      executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
        const stmt = db.prepare(compiled.sql);
        const params = compiled.parameters as unknown[];
        if (stmt.reader) return Promise.resolve({ rows: stmt.all(params) as R[] });
        const { changes, lastInsertRowid } = stmt.run(params);
        return Promise.resolve({ numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] });
      },
      async *streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
        if (!SelectQueryNode.is(compiled.query)) throw new Error('SQLite streams select queries only');
        for (const row of db.prepare(compiled.sql).iterate(compiled.parameters as unknown[])) yield { rows: [row as R] };
      },
    };
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    if (this.busy) await new Promise<void>((resolve) => this.waiters.push(resolve));
    this.busy = true; // handed over directly by the releaser, or taken now
    if (!this.batch) {
      this.exec('begin');
      let resolve!: () => void;
      let reject!: (err: unknown) => void;
      const done = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
      this.batch = { members: 0, openedAt: performance.now(), lingering: false, poisoned: false, done, resolve, reject };
    } else if (!this.db.inTransaction) {
      this.batch.poisoned = true;
      this.exec('begin');
    }
    this.batch.members++;
    return this.connection;
  }

  async beginTransaction(connection: DatabaseConnection) {
    await connection.executeQuery(CompiledQuery.raw('savepoint atrium_tx'));
  }

  async commitTransaction(connection: DatabaseConnection) {
    await connection.executeQuery(CompiledQuery.raw('release atrium_tx'));
  }

  async rollbackTransaction(connection: DatabaseConnection) {
    if (!this.db.inTransaction) return;
    await connection.executeQuery(CompiledQuery.raw('rollback to atrium_tx'));
    await connection.executeQuery(CompiledQuery.raw('release atrium_tx'));
  }

  async savepoint(connection: DatabaseConnection, name: string, _compile: QueryCompiler['compileQuery']) {
    await connection.executeQuery(CompiledQuery.raw(`savepoint "${name.replace(/"/g, '')}"`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, _compile: QueryCompiler['compileQuery']) {
    await connection.executeQuery(CompiledQuery.raw(`rollback to "${name.replace(/"/g, '')}"`));
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, _compile: QueryCompiler['compileQuery']) {
    await connection.executeQuery(CompiledQuery.raw(`release "${name.replace(/"/g, '')}"`));
  }

  async releaseConnection(): Promise<void> {
    const batch = this.batch!;
    const full = batch.members >= this.maxBatch || performance.now() - batch.openedAt > MAX_BATCH_MS;
    const next = this.waiters.shift();
    if (next && !full) {
      next(); // the connection goes on to the next in line, inside the same transaction
      return batch.done;
    }
    if (!next && !full && !batch.lingering) {
      batch.lingering = true;
      setImmediate(() => this.afterLinger(batch));
      return batch.done;
    }
    this.commit(batch, next);
    return batch.done;
  }

  /** One turn later: whoever came meanwhile joins the batch; if nobody did, it commits. */
  private afterLinger(batch: Batch) {
    if (this.batch !== batch) return;
    const next = this.waiters.shift();
    if (next) {
      batch.lingering = false;
      next();
    } else {
      this.commit(batch, undefined);
    }
  }

  /** The last of the batch commits for everyone in it, then lets the next one start a new batch. */
  private commit(batch: Batch, next: (() => void) | undefined) {
    this.batch = null;
    try {
      if (batch.poisoned || !this.db.inTransaction) throw new Error('the transaction was rolled back by SQLite; nothing in this batch was committed');
      this.exec('commit');
      if (this.durability) this.syncFor(batch);
      else batch.resolve();
    } catch (err) {
      if (this.db.inTransaction) this.exec('rollback');
      batch.reject(err);
    }
    if (next) next();
    else this.busy = false;
  }

  /**
   * Answer `batch` after a sync that starts after its commit. Syncs do not overlap: batches that
   * commit while one runs share the next. What other requests read may be a moment ahead of the
   * disk (only a power cut in that moment could take it back); no writer is answered before it is on disk.
   */
  private syncFor(batch: Batch) {
    this.unsynced.push(batch);
    this.syncing ??= this.syncLoop();
  }

  private async syncLoop() {
    while (this.unsynced.length) {
      const covered = this.unsynced;
      this.unsynced = [];
      try {
        await this.durability!.sync();
        for (const b of covered) b.resolve();
      } catch (err) {
        for (const b of covered) b.reject(err);
      }
    }
    this.syncing = null;
  }

  async destroy() {
    await this.syncing;
    this.db.close();
    await this.durability?.close();
  }
}

export class GroupCommitSqliteDialect implements Dialect {
  constructor(
    private db: SqliteHandle,
    private durability: Durability | null = null,
  ) {}
  createAdapter() {
    return new SqliteAdapter();
  }
  createDriver() {
    return new GroupCommitDriver(this.db, this.durability);
  }
  createIntrospector(db: Kysely<any>) {
    return new SqliteIntrospector(db);
  }
  createQueryCompiler() {
    return new SqliteQueryCompiler();
  }
}
