import SQLite from 'better-sqlite3';
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import pg from 'pg';
import type { DB } from '../../packages/server/src/db/schema.js';

export type Table = keyof DB;
/**
 * A row to load, typed by the server's schema. Columns left out take their database default: the
 * generator keeps working while later migrations add columns with defaults (it writes what it knows).
 */
export type Row<T extends Table> = Partial<DB[T]>;

/** Rows per INSERT statement: 500 × 9 columns stays far below both dialects' parameter limits. */
const ROWS_PER_STATEMENT = 500;
/** Commit after about this many rows: big transactions, bounded work lost to a crash. */
const ROWS_PER_TRANSACTION = 1_000_000;

interface Pending {
  columns: string[];
  values: unknown[];
  rows: number;
}

/**
 * Bulk loading for the generator: rows typed with the server's own table types (db/schema.ts),
 * buffered per table, written as multi-row INSERTs whose SQL Kysely compiles once per table
 * and which the driver prepares once, inside large transactions.
 */
export abstract class BulkWriter {
  readonly counts: Partial<Record<Table, number>> = {};
  private readonly pending = new Map<Table, Pending>();
  private readonly statements = new Map<string, string>();
  private sinceCommit = 0;

  protected constructor(private readonly compiler: Kysely<DB>) {}

  add<T extends Table>(table: T, row: Row<T>): void {
    let p = this.pending.get(table);
    if (!p) this.pending.set(table, (p = { columns: Object.keys(row), values: [], rows: 0 }));
    const r = row as Record<string, unknown>;
    for (const c of p.columns) p.values.push(r[c]);
    p.rows++;
  }

  /**
   * Write every full statement's worth of buffered rows. Tables are written in the order they were
   * first added (parents first), and every table before the last one written is written out
   * completely: a row that references another (foreign keys, checked by PostgreSQL) finds it.
   */
  async drain(): Promise<void> {
    const tables = [...this.pending];
    let last = -1;
    tables.forEach(([, p], i) => {
      if (p.rows >= ROWS_PER_STATEMENT) last = i;
    });
    for (let i = 0; i <= last; i++) {
      const [table, p] = tables[i];
      const n = i < last ? p.rows : Math.floor(p.rows / ROWS_PER_STATEMENT) * ROWS_PER_STATEMENT;
      if (n > 0) await this.write(table, p, n);
    }
    if (this.sinceCommit >= ROWS_PER_TRANSACTION) {
      await this.commit();
      this.sinceCommit = 0;
    }
  }

  /** Write everything still buffered and commit. */
  async finish(): Promise<void> {
    for (const [table, p] of this.pending) if (p.rows > 0) await this.write(table, p, p.rows);
    await this.commit();
  }

  private async write(table: Table, p: Pending, rows: number) {
    const width = p.columns.length;
    for (let at = 0; at < rows; ) {
      const n = Math.min(ROWS_PER_STATEMENT, rows - at);
      await this.execute(this.sqlFor(table, p.columns, n), p.values.slice(at * width, (at + n) * width));
      at += n;
    }
    p.values.splice(0, rows * width);
    p.rows -= rows;
    this.counts[table] = (this.counts[table] ?? 0) + rows;
    this.sinceCommit += rows;
  }

  /** The INSERT for `n` rows, compiled by Kysely from the typed schema (placeholders only). */
  protected sqlFor(table: Table, columns: string[], n: number): string {
    const key = `${table}:${n}`;
    let text = this.statements.get(key);
    if (!text) {
      const row = Object.fromEntries(columns.map((c) => [c, 0]));
      text = this.compiler
        .insertInto(table)
        .values(Array.from({ length: n }, () => row) as never)
        .compile().sql;
      this.statements.set(key, text);
    }
    return text;
  }

  protected abstract execute(sql: string, params: unknown[]): Promise<void>;
  protected abstract commit(): Promise<void>;
  /** Drop the secondary indexes of `tables` and return a function that recreates them. */
  abstract dropIndexes(tables: Table[]): Promise<() => Promise<void>>;
  abstract close(): Promise<void>;
}

const compilerFor = (dialect: 'sqlite' | 'postgres') =>
  new Kysely<DB>({
    dialect:
      dialect === 'sqlite'
        ? {
            createAdapter: () => new SqliteAdapter(),
            createDriver: () => new DummyDriver(),
            createIntrospector: (db) => new SqliteIntrospector(db),
            createQueryCompiler: () => new SqliteQueryCompiler(),
          }
        : {
            createAdapter: () => new PostgresAdapter(),
            createDriver: () => new DummyDriver(),
            createIntrospector: (db) => new PostgresIntrospector(db),
            createQueryCompiler: () => new PostgresQueryCompiler(),
          },
  });

/**
 * SQLite: durability is pointless while filling a fresh file, so the journal and fsyncs are off
 * and foreign keys unchecked (the generator only references rows it made); WAL is restored at close.
 */
export class SqliteWriter extends BulkWriter {
  private readonly db: SQLite.Database;
  private readonly prepared = new Map<string, SQLite.Statement>();

  constructor(file: string) {
    super(compilerFor('sqlite'));
    this.db = new SQLite(file);
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.pragma('foreign_keys = OFF');
    this.db.pragma('locking_mode = EXCLUSIVE');
    this.db.pragma('temp_store = MEMORY');
    this.db.pragma('cache_size = -1048576'); // 1 GiB: the indexes being filled stay in memory
    this.db.exec('BEGIN');
  }

  protected async execute(sql: string, params: unknown[]) {
    let stmt = this.prepared.get(sql);
    if (!stmt) this.prepared.set(sql, (stmt = this.db.prepare(sql)));
    stmt.run(params);
  }

  protected async commit() {
    this.db.exec('COMMIT');
    this.db.exec('BEGIN');
  }

  async dropIndexes(tables: Table[]) {
    const list = this.db
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${tables.map(() => '?').join(',')})`)
      .all(...tables) as { name: string; sql: string }[];
    for (const ix of list) this.db.exec(`DROP INDEX "${ix.name}"`);
    return async () => {
      for (const ix of list) this.db.exec(ix.sql);
    };
  }

  async close() {
    if (this.db.inTransaction) this.db.exec('COMMIT');
    this.db.pragma('locking_mode = NORMAL');
    this.db.pragma('journal_mode = WAL');
    this.db.close();
  }
}

/** PostgreSQL: named prepared statements, asynchronous commit while loading, then VACUUM ANALYZE. */
export class PostgresWriter extends BulkWriter {
  private readonly names = new Map<string, string>();
  private constructor(private readonly client: pg.Client) {
    super(compilerFor('postgres'));
  }

  static async open(url: string): Promise<PostgresWriter> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('SET synchronous_commit = off');
    await client.query('BEGIN');
    return new PostgresWriter(client);
  }

  protected async execute(sql: string, params: unknown[]) {
    let name = this.names.get(sql);
    if (!name) this.names.set(sql, (name = `bulk_${this.names.size}`));
    await this.client.query({ name, text: sql, values: params });
  }

  protected async commit() {
    await this.client.query('COMMIT');
    await this.client.query('BEGIN');
  }

  async dropIndexes(tables: Table[]) {
    const { rows } = await this.client.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ANY($1)
         AND indexname NOT IN (SELECT conname FROM pg_constraint)`,
      [tables],
    );
    for (const ix of rows) await this.client.query(`DROP INDEX "${ix.indexname}"`);
    return async () => {
      for (const ix of rows) await this.client.query(ix.indexdef);
    };
  }

  async close() {
    await this.client.query('COMMIT');
    // What autovacuum would soon do on a live system: statistics and the visibility map.
    await this.client.query('VACUUM ANALYZE');
    await this.client.end();
  }
}
