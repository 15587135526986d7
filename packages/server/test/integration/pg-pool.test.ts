import net from 'node:net';
import { CompiledQuery, type Kysely, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { connect, type Database } from '../../src/db/connect.js';
import { mayRetry } from '../../src/db/pg-pool.js';
import { freshPostgres, terminateBackendsBlocking, testDialect } from '../harness.js';

/** The shapes pg gives a failed statement. */
const serverError = (code: string, message: string) => Object.assign(new pg.DatabaseError(message, 0, 'error'), { severity: 'FATAL', code });
const socketError = (code: string, syscall: string) => Object.assign(new Error(`${syscall} ${code}`), { code, syscall, errno: -1 });

describe('mayRetry: whether the first statement of a checkout may run again on another connection', () => {
  const insert = 'insert into "posts" ("body") values ($1)';
  const reads = ['select * from "users" where "id" = $1', '  SELECT 1', 'with "a" as (select 1) select * from "a"'];
  const harmless = [...reads, 'begin', 'start transaction isolation level serializable'];

  it('retries any statement when the server said the session was ending, or pg never sent it', () => {
    for (const statement of [insert, ...harmless]) {
      expect(mayRetry(serverError('57P01', 'terminating connection due to administrator command'), statement)).toBe(true);
      expect(mayRetry(serverError('57P02', 'terminating connection because of crash of another server process'), statement)).toBe(true);
      expect(mayRetry(serverError('57P03', 'the database system is shutting down'), statement)).toBe(true);
      expect(mayRetry(new Error('Client has encountered a connection error and is not queryable'), statement)).toBe(true);
    }
  });

  it('retries only BEGIN and reads when the connection just dropped, since a write may have run', () => {
    const dropped = [new Error('Connection terminated unexpectedly'), socketError('ECONNRESET', 'read'), socketError('EPIPE', 'write')];
    for (const error of dropped) {
      for (const statement of harmless) expect(mayRetry(error, statement)).toBe(true);
      for (const write of [insert, 'update "users" set "name" = $1', 'delete from "posts"', 'with "x" as (delete from "posts" returning *) select * from "x"']) {
        expect(mayRetry(error, write)).toBe(false);
      }
    }
  });

  it('does not retry other errors', () => {
    for (const error of [serverError('23505', 'duplicate key value'), serverError('40001', 'could not serialize'), serverError('57014', 'canceling statement'), new Error('Query read timeout'), 'ECONNRESET', null]) {
      expect(mayRetry(error, 'select 1')).toBe(false);
    }
  });
});

describe.runIf(testDialect === 'postgres')('pooled connections PostgreSQL closes', () => {
  const adminUrl = process.env.ATRIUM_TEST_DATABASE_URL!;
  let fresh: Awaited<ReturnType<typeof freshPostgres>>;
  let dbName: string;
  beforeAll(async () => {
    fresh = await freshPostgres(adminUrl);
    dbName = new URL(fresh.url).pathname.slice(1);
    const setup = connect(fresh.url);
    await sql`create table rows (n int not null)`.execute(setup.db);
    await setup.close();
  });
  afterAll(() => fresh?.drop());

  const rows = async (db: Kysely<any>) => (await sql<{ n: number }>`select n from rows order by n`.execute(db)).rows.map((r) => r.n);
  const insert = (db: Kysely<any>, n: number) => sql`insert into rows (n) values (${n})`.execute(db);

  /** Starts `work` on each of connections of their own, checked out but with nothing sent until `go`. */
  async function holdConnections<T>(database: Database, works: ((db: Kysely<any>) => Promise<T>)[]) {
    let held = 0;
    let go!: () => void;
    const gate = new Promise<void>((resolve) => (go = resolve));
    const results = works.map((work) =>
      database.db.connection().execute(async (db) => {
        held++;
        await gate;
        return work(db);
      }),
    );
    await vi.waitFor(() => expect(held).toBe(works.length));
    return { results: Promise.allSettled(results), go };
  }

  const works: ((db: Kysely<any>) => Promise<unknown>)[] = [
    // (a) a read,
    async (db: Kysely<any>) => (await sql<{ one: number }>`select 1 as one`.execute(db)).rows[0].one,
    // (b) a transaction: BEGIN, then its statements on the same (new) connection,
    (db: Kysely<any>) =>
      db.transaction().execute(async (trx) => {
        await insert(trx, 1);
        await insert(trx, 2);
        return (await rows(trx)).filter((n) => n !== 3); // its own rows, uncommitted: seen on its connection only
      }),
    // and an autocommit write: the closed connection never had it, pg refuses to send it there.
    async (db: Kysely<any>) => Number((await insert(db, 3)).numAffectedRows),
  ];

  it('runs the first statement of a checkout again when the server closed its connection before it was sent', async () => {
    const database = connect(fresh.url);
    try {
      await sql`truncate rows`.execute(database.db);
      const { results, go } = await holdConnections(database, works);
      // The server closes them while this process's event loop is blocked: the statements are sent
      // on the closed connections and answered 57P01.
      expect(terminateBackendsBlocking(adminUrl, dbName)).toBeGreaterThanOrEqual(works.length);
      go();
      expect(await results).toEqual([1, [1, 2], 1].map((value) => ({ status: 'fulfilled', value })));
      expect(await rows(database.db)).toEqual([1, 2, 3]);
    } finally {
      await database.close();
    }
  });

  it('runs it again when this process has already heard of the close (pg refuses to send)', async () => {
    const database = connect(fresh.url);
    const ops = connect(adminUrl);
    try {
      await sql`truncate rows`.execute(database.db);
      const { results, go } = await holdConnections(database, works);
      const kill = CompiledQuery.raw('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [dbName]);
      expect((await ops.db.executeQuery(kill)).rows.length).toBeGreaterThanOrEqual(works.length);
      const alive = CompiledQuery.raw('select count(*)::int as n from pg_stat_activity where datname = $1', [dbName]);
      while ((await ops.db.executeQuery<{ n: number }>(alive)).rows[0].n > 0);
      // The closes were read before the count above that saw them gone: one more turn handles them.
      await new Promise(setImmediate);
      go();
      expect(await results).toEqual([1, [1, 2], 1].map((value) => ({ status: 'fulfilled', value })));
      expect(await rows(database.db)).toEqual([1, 2, 3]);
    } finally {
      await ops.close();
      await database.close();
    }
  });

  it('retries only the first statement of a checkout', async () => {
    const database = connect(fresh.url);
    try {
      const { results, go } = await holdConnections(database, [
        async (db) => {
          await sql`select 1`.execute(db);
          expect(terminateBackendsBlocking(adminUrl, dbName)).toBeGreaterThanOrEqual(1);
          return sql`select 2`.execute(db);
        },
      ]);
      go();
      const [result] = await results;
      expect(result.status).toBe('rejected');
      expect((result as PromiseRejectedResult).reason).toMatchObject({ code: '57P01' });
      // The next checkout gets a working connection.
      expect((await sql<{ one: number }>`select 1 as one`.execute(database.db)).rows).toEqual([{ one: 1 }]);
    } finally {
      await database.close();
    }
  });

  it('does not run an autocommit write again when its connection dropped after it was sent; BEGIN and reads it does', async () => {
    const proxy = await dropProxy(new URL(fresh.url));
    const database = connect(proxy.url);
    try {
      await sql`truncate rows`.execute(database.db);

      // The server ran (and committed) the INSERT; the connection dropped before its answer came.
      proxy.dropAfterAnswer(/insert into rows/);
      await expect(insert(database.db, 1)).rejects.toThrow('Connection terminated unexpectedly');
      expect(await rows(database.db)).toEqual([1]); // once, not twice

      proxy.dropAfterAnswer(/select n from rows/);
      expect(await rows(database.db)).toEqual([1]);

      proxy.dropAfterAnswer(/begin/);
      await database.db.transaction().execute((trx) => insert(trx, 2));
      expect(await rows(database.db)).toEqual([1, 2]);
      expect(proxy.dropped).toBe(3);
    } finally {
      await database.close();
      await proxy.close();
    }
  });
});

/**
 * A TCP proxy to PostgreSQL that, once armed, drops the connection that sends a statement matching
 * `pattern` as soon as the server has answered it (ReadyForQuery), without passing the answer on:
 * the statement ran, the client only sees its connection end.
 */
async function dropProxy(target: URL) {
  let armed: RegExp | null = null;
  let dropped = 0;
  const readyForQuery = Buffer.from([0x5a, 0, 0, 0, 5]);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    let dropOnAnswer = false;
    let answer = Buffer.alloc(0);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk: Buffer) => {
      if (armed?.test(chunk.toString('latin1'))) {
        armed = null;
        dropOnAnswer = true;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (!dropOnAnswer) return void client.write(chunk);
      answer = Buffer.concat([answer, chunk]);
      if (answer.includes(readyForQuery)) {
        dropped++;
        client.destroy();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as net.AddressInfo).port);
  return {
    url: url.toString(),
    dropAfterAnswer(pattern: RegExp) {
      armed = pattern;
    },
    get dropped() {
      return dropped;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
