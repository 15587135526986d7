import path from 'node:path';
import { DiskBlobStore, type BlobStore } from './blobs/blob-store.js';
import type { Config } from './config.js';
import { type ConnectOptions, connect, type Dialect } from './db/connect.js';
import { migrate } from './db/migrations.js';
import type { Db } from './db/schema.js';
import { MemoryRateLimiter, type RateLimiter } from './lib/rate-limiter.js';
import { createMailer, type Mailer } from './mail/mailer.js';
import { pino, type Logger } from 'pino';

/** Everything a service needs, built once from the config and passed explicitly. */
export interface AppContext {
  config: Config;
  db: Db;
  dialect: Dialect;
  blobs: BlobStore;
  limiter: RateLimiter;
  mailer: Mailer;
  log: Logger;
  clock: { now(): Date };
  close(): Promise<void>;
}

/** `onQuery` observes every SQL statement (see ConnectOptions); tests count queries with it. */
export async function createContext(
  config: Config,
  opts: Pick<ConnectOptions, 'onQuery'> & { silent?: boolean } = {},
): Promise<AppContext> {
  const log = pino({ level: opts.silent ? 'silent' : config.logLevel });
  const database = connect(config.databaseUrl, { onQuery: opts.onQuery });
  await migrate(database.db);
  const mailer = createMailer(config, (line) => log.info(line));
  return {
    config,
    db: database.db,
    dialect: database.dialect,
    blobs: new DiskBlobStore(path.join(config.dataDir, 'blobs')),
    limiter: new MemoryRateLimiter(),
    mailer,
    log,
    clock: { now: () => new Date() },
    close: async () => {
      mailer.close();
      await database.close();
    },
  };
}

export const nowIso = (ctx: AppContext) => ctx.clock.now().toISOString();
