import path from 'node:path';

/** The environment, parsed and typed in one place. Every variable is documented in the README. */
export interface Config {
  port: number;
  host: string;
  /** `sqlite:<file>` on the embedded default, or a postgres:// URL. */
  databaseUrl: string;
  dataDir: string;
  /** The address people reach Atrium at; decides Secure cookies and links in mails. */
  publicUrl: string | null;
  /** Trust X-Forwarded-* only from these proxies (SECURITY.md #22). */
  trustProxy: boolean | string;
  logLevel: string;
  /** Failed logins allowed per account, and per IP, within `loginWindowMs`. */
  loginLimitPerAccount: number;
  loginLimitPerIp: number;
  loginWindowMs: number;
  /** Writes (posts, comments, uploads) per person per minute. */
  writeLimitPerMinute: number;
  sessionDays: number;
  /** Where the built web client lives; served at `/` when present. */
  webDir: string | null;
  /** `smtp://user:pass@host:587` or `smtps://…`; without it mails are written to `dataDir/mail-outbox`. */
  smtpUrl: string | null;
  mailFrom: string;
  invitationDays: number;
  /** `redis://…`: realtime between several nodes, and presence across them. Unset: one node, in-process. */
  redisUrl: string | null;
  /** Prefix of every Redis channel and key, so that several Atrium installations can share one Redis. */
  redisPrefix: string;
  /** How long the event log is kept for reconnecting clients. */
  streamRetentionMs: number;
  /** Home timelines kept in memory (0: no feed cache, every feed page fanned out on read). */
  feedCacheUsers: number;
  /** Serialized posts kept in memory. */
  feedCachePosts: number;
  /** Posts a home timeline is built with, and keeps at most as new ones arrive. */
  feedTimelineBuild: number;
  feedTimelineCap: number;
  /** How long a resolved session is trusted without asking the database (ended sessions go at once). */
  sessionCacheMs: number;
  /** How often each node looks for new events when no announcement reached it (a safety net). */
  streamPollMs: number;
  /** Each socket is pinged (and sent a heartbeat frame) once per period; one that did not answer the last ping is closed. */
  streamHeartbeatMs: number;
  /** Feed events (posts, comments, reactions) to a socket are sent together at most this often; 0: at once. */
  streamFeedBatchMs: number;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got "${raw}"`);
  return n;
}

/** Links in mails point here: PUBLIC_URL, never the request's Host header (which a client controls). */
export function publicBaseUrl(config: Config): string {
  return config.publicUrl ?? `http://localhost:${config.port}`;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = path.resolve(env.ATRIUM_DATA_DIR || './data');
  const trust = env.TRUST_PROXY;
  return {
    port: int(env, 'PORT', 3000),
    host: env.HOST || '0.0.0.0',
    databaseUrl: env.DATABASE_URL || `sqlite:${path.join(dataDir, 'atrium.db')}`,
    dataDir,
    publicUrl: env.PUBLIC_URL ? env.PUBLIC_URL.replace(/\/+$/, '') : null,
    trustProxy: trust === undefined || trust === '' ? false : trust === 'true' ? true : trust,
    logLevel: env.LOG_LEVEL || 'info',
    loginLimitPerAccount: int(env, 'LOGIN_LIMIT_PER_ACCOUNT', 10),
    loginLimitPerIp: int(env, 'LOGIN_LIMIT_PER_IP', 100),
    loginWindowMs: int(env, 'LOGIN_WINDOW_SECONDS', 15 * 60) * 1000,
    writeLimitPerMinute: int(env, 'WRITE_LIMIT_PER_MINUTE', 120),
    sessionDays: int(env, 'SESSION_DAYS', 30),
    webDir: env.ATRIUM_WEB_DIR ?? path.resolve(import.meta.dirname, '../../web/dist'),
    smtpUrl: env.SMTP_URL || null,
    mailFrom: env.MAIL_FROM || 'Atrium <atrium@localhost>',
    invitationDays: int(env, 'INVITATION_DAYS', 14),
    redisUrl: env.REDIS_URL || null,
    redisPrefix: env.REDIS_PREFIX || 'atrium',
    streamRetentionMs: int(env, 'STREAM_RETENTION_HOURS', 72) * 3_600_000,
    streamPollMs: int(env, 'STREAM_POLL_MS', 1000),
    streamFeedBatchMs: int(env, 'STREAM_FEED_BATCH_MS', 500),
    streamHeartbeatMs: Math.max(1000, int(env, 'STREAM_HEARTBEAT_MS', 25_000)),
    sessionCacheMs: int(env, 'SESSION_CACHE_SECONDS', 60) * 1000,
    feedCacheUsers: int(env, 'FEED_CACHE_USERS', 10_000),
    feedCachePosts: int(env, 'FEED_CACHE_POSTS', 50_000),
    feedTimelineBuild: Math.max(1, int(env, 'FEED_TIMELINE_BUILD', 200)),
    feedTimelineCap: Math.max(1, int(env, 'FEED_TIMELINE_CAP', 800)),
  };
}
