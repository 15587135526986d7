import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type pg from 'pg';

/**
 * The pool Kysely's PostgresDialect uses: pg's own, except that the first statement of a checkout
 * runs once more, on a fresh connection, when it fails because the connection was dead.
 *
 * Why: when PostgreSQL closes the pool's idle connections (restart, failover, pg_terminate_backend),
 * a request that takes one in the instant before the close reaches this process would fail with a
 * 500 although nothing had run on that checkout yet. Only the first statement is retried, at most
 * once, and only when running it twice cannot do anything twice (see mayRetry); the dead client is
 * released with the error (destroyed, never handed out again) and the rest of the checkout (a
 * transaction's statements after BEGIN) goes to the new client.
 */
export function retryingPool(pool: pg.Pool): PostgresPool {
  // A checked-out client whose connection dies emits 'error' (pg's pool listens only while it is
  // idle); unheard, that would crash the process. The statement it was running, or the next one
  // sent on it, fails with the error anyway.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return {
    connect: async () => new Checkout(pool, await pool.connect()),
    end: () => pool.end(),
  };
}

class Checkout implements PostgresPoolClient {
  #first = true;
  #pool: pg.Pool;
  /** null once released (or between releasing a dead client and getting its replacement). */
  #client: pg.PoolClient | null;
  /** A statement failed because the connection is dead: release it with this, so the pool drops it. */
  #failed: Error | null = null;
  constructor(pool: pg.Pool, client: pg.PoolClient) {
    this.#pool = pool;
    this.#client = client;
  }

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(query: string | PostgresCursor<R>, parameters?: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    const first = this.#first;
    this.#first = false;
    // A cursor (Kysely's streaming) is handed to pg as it is, never retried.
    if (typeof query !== 'string') return this.#client!.query(query as unknown as pg.Submittable) as unknown as PostgresCursor<R>;
    const attempt = this.#send<R>(query, parameters);
    if (!first) return attempt;
    return attempt.catch(async (error: unknown) => {
      if (!mayRetry(error, query)) throw error;
      this.release(); // with the error: destroyed, its place in the pool freed
      this.#failed = null;
      // Let the pool hear of its other connections' close (read in the same turn) before taking one.
      await new Promise(setImmediate);
      this.#client = await this.#pool.connect();
      return this.#send<R>(query, parameters);
    });
  }

  async #send<R>(sql: string, parameters?: ReadonlyArray<unknown>) {
    try {
      return (await this.#client!.query(sql, parameters as unknown[])) as unknown as PostgresQueryResult<R>;
    } catch (error) {
      if (connectionFailure(error)) this.#failed = error as Error;
      throw error;
    }
  }

  release(destroy?: boolean) {
    const client = this.#client;
    this.#client = null;
    client?.release(this.#failed ?? destroy);
  }
}

/** The server's "this session is ending" codes: admin_shutdown, crash_shutdown, cannot_connect_now. */
const TERMINATING = new Set(['57P01', '57P02', '57P03']);
/** pg's own errors for a statement it refused to send because the connection had already failed. */
const NOT_SENT = new Set(['Client has encountered a connection error and is not queryable', 'Client was closed and is not queryable']);
/** The connection dropped with no word from the server. */
const DROPPED_CODES = new Set(['ECONNRESET', 'EPIPE']);
const DROPPED_MESSAGES = new Set(['Connection terminated unexpectedly']);
/** Statements that change nothing even if they ran: BEGIN and reads (WITH only without a write in it). */
const HARMLESS = /^\s*(begin|start\s+transaction|select)\b/i;
const WITH = /^\s*with\b/i;
const WRITE = /\b(insert|update|delete|merge)\b/i;

/**
 * How a statement failed because of its connection: 'not-run' when the server said the session was
 * ending (so it ran nothing of ours) or pg never sent it; 'dropped' when the connection just went
 * away (the statement may or may not have run); null when it is no connection failure.
 */
function connectionFailure(error: unknown): 'not-run' | 'dropped' | null {
  if (!(error instanceof Error)) return null;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && TERMINATING.has(code)) return 'not-run';
  if (NOT_SENT.has(error.message)) return 'not-run';
  if ((typeof code === 'string' && DROPPED_CODES.has(code)) || DROPPED_MESSAGES.has(error.message)) return 'dropped';
  return null;
}

/**
 * Whether the first statement of a checkout, failed with `error`, may run again on another
 * connection: any statement the server did not run; after a mere drop, only one that changes
 * nothing, since an autocommit write might have been committed before the connection went.
 */
export function mayRetry(error: unknown, sql: string): boolean {
  const failure = connectionFailure(error);
  return failure === 'not-run' || (failure === 'dropped' && (HARMLESS.test(sql) || (WITH.test(sql) && !WRITE.test(sql))));
}
