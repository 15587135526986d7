import path from 'node:path';
import { DiskBlobStore, type BlobStore } from './blobs/blob-store.js';
import type { Config } from './config.js';
import { type ConnectOptions, connect, type Dialect } from './db/connect.js';
import { migrate } from './db/migrations.js';
import type { Db } from './db/schema.js';
import { MemoryRateLimiter, type RateLimiter } from './lib/rate-limiter.js';
import { createMailer, type Mailer } from './mail/mailer.js';
import { pino, type Logger } from 'pino';
import { LocalBus, RedisBus } from './realtime/bus.js';
import { Hub } from './realtime/hub.js';
import { LocalPresence, RedisPresence } from './realtime/presence.js';
import { liveSessions, loadRecipient } from './realtime/recipients.js';
import { followSessions, SessionCache } from './modules/auth/session-cache.js';
import { homeTimelineSource } from './feed/home-skeleton.js';
import { PostCache } from './feed/post-cache.js';
import { TimelineCache } from './feed/timelines.js';

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
  /** Realtime on this node: the event tailer, the sockets, the bus to other nodes. */
  hub: Hub;
  sessions: SessionCache;
  /** The home feed's caches (null when FEED_CACHE_USERS=0). */
  feed: { timelines: TimelineCache; posts: PostCache } | null;
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
  const bus = config.redisUrl ? new RedisBus(config.redisUrl, config.redisPrefix, (err) => log.warn({ err }, 'redis')) : new LocalBus();
  const presence = bus instanceof RedisBus ? new RedisPresence(bus.client, bus.nodeId, config.redisPrefix) : new LocalPresence();
  const hub = new Hub(
    database.db,
    bus,
    presence,
    log,
    { pollMs: config.streamPollMs, retentionMs: config.streamRetentionMs, sessionSweepMs: 30_000, feedBatchMs: config.streamFeedBatchMs },
    (userId) => loadRecipient(database.db, userId),
    (ids) => liveSessions(database.db, ids),
  );
  const sessions = new SessionCache(config.sessionCacheMs);
  followSessions(sessions, hub);
  let feed: AppContext['feed'] = null;
  if (config.feedCacheUsers > 0) {
    const options = { maxUsers: config.feedCacheUsers, build: config.feedTimelineBuild, cap: Math.max(config.feedTimelineCap, config.feedTimelineBuild) };
    feed = { timelines: new TimelineCache(database.db, hub, options, homeTimelineSource), posts: new PostCache(config.feedCachePosts) };
    feed.timelines.follow(hub);
    feed.posts.follow(hub);
  }
  await hub.start();
  return {
    config,
    db: database.db,
    dialect: database.dialect,
    blobs: new DiskBlobStore(path.join(config.dataDir, 'blobs')),
    limiter: new MemoryRateLimiter(),
    mailer,
    log,
    clock: { now: () => new Date() },
    hub,
    sessions,
    feed,
    close: async () => {
      await hub.close();
      mailer.close();
      await database.close();
    },
  };
}

export const nowIso = (ctx: AppContext) => ctx.clock.now().toISOString();
