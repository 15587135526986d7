import { AsyncLocalStorage } from 'node:async_hooks';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { CompiledQuery, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { type Config, loadConfig } from '../src/config.js';
import { type AppContext, createContext } from '../src/context.js';

/**
 * The suite runs on SQLite by default and on PostgreSQL when ATRIUM_TEST_DATABASE_URL is set
 * (an admin connection; every test app gets a fresh database of its own, dropped at close).
 */
export const testDialect: 'sqlite' | 'postgres' = process.env.ATRIUM_TEST_DATABASE_URL ? 'postgres' : 'sqlite';

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  config: Config;
  /** Run `fn` and count the SQL statements it causes (in its async context; background work beside it is not counted). */
  countQueries<T>(fn: () => Promise<T>): Promise<{ result: T; count: number; statements: string[] }>;
  /** Listen on a free local port (once) and answer the base URL, for real HTTP and WebSocket clients. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export async function freshPostgres(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `atrium_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: adminUrl, max: 1 }) }) });
  try {
    await admin.executeQuery(CompiledQuery.raw(`CREATE DATABASE ${name}`));
  } finally {
    await admin.destroy();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const again = new Kysely<any>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: adminUrl, max: 1 }) }) });
      try {
        await again.executeQuery(CompiledQuery.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      } finally {
        await again.destroy();
      }
    },
  };
}

/**
 * PostgreSQL closes every connection to `database` (pg_terminate_backend, as a restart or failover
 * does); answers how many there were once they are all gone. A child process does it, so this
 * process's event loop is blocked meanwhile: its pools have not heard of the close when it returns.
 */
export function terminateBackendsBlocking(adminUrl: string, database: string): number {
  const script = `
    const pg = require('pg');
    const [url, db] = process.argv.slice(1);
    (async () => {
      const c = new pg.Client(url);
      await c.connect();
      const { rowCount } = await c.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [db]);
      while ((await c.query('select count(*)::int as n from pg_stat_activity where datname = $1', [db])).rows[0].n > 0);
      await c.end();
      process.stdout.write(String(rowCount));
    })();`;
  return Number(execFileSync(process.execPath, ['-e', script, adminUrl, database], { cwd: import.meta.dirname, encoding: 'utf8', timeout: 20_000 }));
}

/** A fresh database, a fresh data dir, the real app. `env` overrides configuration. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-test-'));
  const pgDb = testDialect === 'postgres' ? await freshPostgres(process.env.ATRIUM_TEST_DATABASE_URL!) : null;
  const config = loadConfig({
    ATRIUM_DATA_DIR: dataDir,
    DATABASE_URL: pgDb?.url ?? `sqlite:${path.join(dataDir, 'atrium.db')}`,
    WRITE_LIMIT_PER_MINUTE: '100000',
    LOG_LEVEL: 'silent',
    ATRIUM_WEB_DIR: '',
    // The PostgreSQL run has Redis too: realtime goes through it, each app on channels of its own.
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL, REDIS_PREFIX: `atrium-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}` } : {}),
    ...env,
  });
  // Only the statements `fn` causes count, not what runs beside it: the hub reading events a
  // Redis announcement woke it for, a job, another node's work (each runs in its own async context).
  const recording = new AsyncLocalStorage<string[]>();
  const ctx = await createContext(config, { onQuery: (statement) => recording.getStore()?.push(statement) });
  const app = await buildApp(ctx);
  await app.ready();
  let listening: Promise<string> | null = null;
  return {
    listen: () => (listening ??= app.listen({ port: 0, host: '127.0.0.1' })),
    app,
    ctx,
    config,
    async countQueries<T>(fn: () => Promise<T>) {
      const statements: string[] = [];
      const result = await recording.run(statements, fn);
      return { result, count: statements.length, statements };
    },
    async close() {
      await app.close();
      await ctx.close();
      await pgDb?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Res<T = any> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | number | undefined>;
}

/** A small HTTP client over app.inject: `client(app, token).post('/posts', {body})`. */
export function client(app: FastifyInstance, token?: string) {
  const call = async (method: string, url: string, payload?: unknown, headers: Record<string, string> = {}): Promise<Res> => {
    const res = await app.inject({
      method: method as 'GET',
      url: url.startsWith('/api/') ? url : `/api/v1${url}`,
      payload: payload as string | object | undefined,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    });
    let body: unknown = res.body;
    if ((res.headers['content-type'] ?? '').toString().includes('json') && res.body) body = JSON.parse(res.body);
    return { status: res.statusCode, body, headers: res.headers };
  };
  return {
    get: (url: string, headers?: Record<string, string>) => call('GET', url, undefined, headers),
    post: (url: string, payload?: unknown, headers?: Record<string, string>) => call('POST', url, payload ?? {}, headers),
    patch: (url: string, payload?: unknown, headers?: Record<string, string>) => call('PATCH', url, payload ?? {}, headers),
    put: (url: string, payload?: unknown, headers?: Record<string, string>) => call('PUT', url, payload, headers),
    delete: (url: string, headers?: Record<string, string>) => call('DELETE', url, undefined, headers),
  };
}
export type Client = ReturnType<typeof client>;
