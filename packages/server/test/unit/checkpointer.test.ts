import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { connect } from '../../src/db/connect.js';

/** The serving connection never checkpoints; the worker does, so the log stays bounded and the data reaches the database file. */
describe('background WAL checkpoints (SQLite)', () => {
  it('copy the log into the database file and keep the log from growing without end', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-ckpt-'));
    const file = path.join(dir, 'db.sqlite');
    const { db, close } = connect(`sqlite:${file}`);
    try {
      await sql`create table t (id integer primary key, v text)`.execute(db);
      const row = 'x'.repeat(4000);
      let maxWal = 0;
      for (let round = 0; round < 20; round++) {
        await db.transaction().execute(async (tx) => {
          for (let i = 0; i < 250; i++) await sql`insert into t (v) values (${row})`.execute(tx);
        });
        maxWal = Math.max(maxWal, fs.statSync(`${file}-wal`).size);
        await new Promise((r) => setTimeout(r, 300)); // the worker checkpoints every 250 ms
      }
      // 20 MB written; the log is reused once checkpointed instead of growing to 20 MB.
      expect(maxWal).toBeLessThan(6 * 2 ** 20);
      expect(fs.statSync(file).size).toBeGreaterThan(15 * 2 ** 20);
    } finally {
      await close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
