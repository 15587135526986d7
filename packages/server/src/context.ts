import path from 'node:path';
import { DiskBlobStore, type BlobStore } from './blobs/blob-store.js';
import type { Config } from './config.js';
import { connect, type Dialect } from './db/connect.js';
import { migrate } from './db/migrations.js';
import type { Db } from './db/schema.js';
import { MemoryRateLimiter, type RateLimiter } from './lib/rate-limiter.js';

/** Everything a service needs, built once from the config and passed explicitly. */
export interface AppContext {
  config: Config;
  db: Db;
  dialect: Dialect;
  blobs: BlobStore;
  limiter: RateLimiter;
  clock: { now(): Date };
  close(): Promise<void>;
}

export async function createContext(config: Config): Promise<AppContext> {
  const database = connect(config.databaseUrl);
  await migrate(database.db);
  return {
    config,
    db: database.db,
    dialect: database.dialect,
    blobs: new DiskBlobStore(path.join(config.dataDir, 'blobs')),
    limiter: new MemoryRateLimiter(),
    clock: { now: () => new Date() },
    close: () => database.close(),
  };
}

export const nowIso = (ctx: AppContext) => ctx.clock.now().toISOString();
