import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Durability, GroupCommitSqliteDialect, type SqliteHandle } from '../../src/db/group-commit.js';

/** A real SQLite file behind the group-commit driver, with every statement it runs recorded. */
function open(durability: Durability | null = null) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-gc-'));
  const raw = new SQLite(path.join(dir, 'db.sqlite'));
  raw.pragma('journal_mode = WAL');
  raw.pragma(durability ? 'synchronous = NORMAL' : 'synchronous = FULL');
  raw.exec('create table t (id integer primary key, v text not null unique)');
  const log: string[] = [];
  const handle: SqliteHandle = {
    prepare: (s) => {
      log.push(s);
      return raw.prepare(s);
    },
    close: () => raw.close(),
    get inTransaction() {
      return raw.inTransaction;
    },
  };
  const db = new Kysely<{ t: { id?: number; v: string } }>({ dialect: new GroupCommitSqliteDialect(handle, durability) });
  const reader = () => new SQLite(path.join(dir, 'db.sqlite'), { readonly: true });
  return { db, log, reader, dir };
}

describe('group commit', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  it('shares commits between concurrent transactions; each is answered only after a commit that holds it', async () => {
    const { db, log, reader, dir } = open();
    cleanups.push(async () => {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    const answered: string[] = [];
    await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        await db.transaction().execute(async (tx) => {
          await tx.insertInto('t').values({ v: `row ${i}` }).execute();
          await new Promise((r) => setImmediate(r)); // others queue up meanwhile
        });
        // At this moment the row is on disk: another connection (a separate process would be the same) sees it.
        const seen = reader();
        expect(seen.prepare('select count(*) as n from t where v = ?').get(`row ${i}`)).toEqual({ n: 1 });
        seen.close();
        answered.push(`row ${i}`);
      }),
    );
    expect(answered).toHaveLength(40);
    const commits = log.filter((s) => s === 'commit').length;
    expect(commits).toBeGreaterThan(0);
    expect(commits).toBeLessThan(40);
  });

  it('a failing transaction rolls back alone; the others in its batch commit', async () => {
    const { db, dir } = open();
    cleanups.push(async () => {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        db.transaction().execute(async (tx) => {
          await tx.insertInto('t').values({ v: `keep ${i}` }).execute();
          await new Promise((r) => setImmediate(r));
          if (i % 3 === 0) throw new Error(`no ${i}`);
          // A failing statement inside a transaction that then recovers keeps the rest of it.
          if (i % 3 === 1) await tx.insertInto('t').values({ v: `keep ${i}` }).execute().catch(() => undefined);
        }),
      ),
    );
    const rows = (await db.selectFrom('t').select('v').execute()).map((r) => r.v).sort();
    const kept = results.flatMap((r, i) => (r.status === 'fulfilled' ? [`keep ${i}`] : [])).sort();
    expect(rows).toEqual(kept);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(7);
  });

  it('if SQLite drops the transaction under a batch, nobody in that batch is told it committed', async () => {
    const { db, dir } = open();
    cleanups.push(async () => {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        db.transaction().execute(async (tx) => {
          await tx.insertInto('t').values({ v: `row ${i}` }).execute();
          await new Promise((r) => setImmediate(r));
          // As SQLite does by itself on an I/O error or a full disk: the whole transaction is gone.
          if (i === 4) await sql`rollback`.execute(tx);
        }),
      ),
    );
    const stored = new Set((await db.selectFrom('t').select('v').execute()).map((r) => r.v));
    results.forEach((r, i) => {
      if (r.status === 'fulfilled') expect(stored.has(`row ${i}`), `row ${i} was acknowledged`).toBe(true);
    });
    expect(results.some((r) => r.status === 'rejected')).toBe(true);
    // And the database goes on working.
    await db.insertInto('t').values({ v: 'after' }).execute();
    expect(await db.selectFrom('t').select('v').where('v', '=', 'after').executeTakeFirst()).toEqual({ v: 'after' });
  });

  it('with its own sync of the log: answers a batch only after a sync begun after its commit; the next batch runs meanwhile; a failed sync fails its batch', async () => {
    const syncs: { committedRows: number; release(ok: boolean): void }[] = [];
    let rowsNow = () => 0;
    const durability: Durability = {
      sync: () =>
        new Promise<void>((resolve, reject) => {
          syncs.push({ committedRows: rowsNow(), release: (ok) => (ok ? resolve() : reject(new Error('EIO'))) });
        }),
      close: async () => undefined,
    };
    const { db, reader, dir } = open(durability);
    cleanups.push(async () => {
      for (const s of syncs) s.release(true);
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    rowsNow = () => {
      const r = reader();
      const n = (r.prepare('select count(*) as n from t').get() as { n: number }).n;
      r.close();
      return n;
    };
    const settled = new Map<string, 'ok' | 'failed'>();
    const write = (v: string) =>
      db
        .insertInto('t')
        .values({ v })
        .execute()
        .then(
          () => settled.set(v, 'ok'),
          () => settled.set(v, 'failed'),
        );
    const first = write('a');
    await vi.waitFor(() => expect(syncs).toHaveLength(1));
    // The commit came before the sync, and the writer is not answered yet.
    expect(syncs[0].committedRows).toBe(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(settled.has('a')).toBe(false);
    // While the disk is busy the database takes the next writes; they wait for a sync of their own.
    const second = Promise.all([write('b'), write('c')]);
    await vi.waitFor(() => expect(rowsNow()).toBe(3));
    expect(syncs).toHaveLength(1);
    syncs[0].release(true);
    await first;
    expect(settled.get('a')).toBe('ok');
    await vi.waitFor(() => expect(syncs).toHaveLength(2));
    expect(syncs[1].committedRows).toBe(3);
    expect(settled.has('b')).toBe(false);
    syncs[1].release(false);
    await second;
    expect(settled.get('b')).toBe('failed');
    expect(settled.get('c')).toBe('failed');
  });
});
