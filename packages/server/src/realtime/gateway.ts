import { LIMITS, STREAM_CLOSE, StreamClientMessage } from '@atrium/contract';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RawData, WebSocket } from 'ws';
import { framedOnce } from './ws-frame.js';
import type { AppContext } from '../context.js';
import { SESSION_COOKIE } from '../http/authentication.js';
import { AppError, unauthenticated } from '../lib/errors.js';
import type { Actor } from '../modules/auth/actor.js';
import { authenticate } from '../modules/auth/auth.service.js';
import { typingAudience } from '../modules/messaging/conversations.service.js';
import { visibleUsers } from '../policies/visibility.js';
import { type Connection, Hub } from './hub.js';
import { latestSeq, readEvents, retentionFloor, INTERNAL_TYPES } from './outbox.js';

/** The heartbeat visits 1/HEARTBEAT_SLICES of the sockets at a time, each once per period. */
const HEARTBEAT_SLICES = 25;
const NOBODY: ReadonlySet<string> = new Set();
/** A client that does not read its socket is dropped (it reconnects with `since`) rather than buffered without end. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/** Typing signals passed on per conversation per socket. */
const TYPING_EVERY_MS = 3_000;

interface StreamRequestState {
  actor: Actor;
  since: number | null;
  groups: Set<string>;
}

declare module 'fastify' {
  interface FastifyRequest {
    stream?: StreamRequestState;
  }
}

/**
 * A browser sends its cookie with a WebSocket handshake from ANY page (cross-site WebSocket
 * hijacking, SECURITY.md): with cookie authentication the Origin must be ours — PUBLIC_URL when
 * set, else the address the request came to. Tokens are not ambient credentials and need no check.
 */
function originAllowed(req: FastifyRequest, publicUrl: string | null): boolean {
  const origin = req.headers.origin;
  if (!origin) return false;
  const expected = publicUrl ? new URL(publicUrl).origin : `${req.protocol}://${req.headers.host ?? ''}`;
  return origin === expected;
}

async function authenticateStream(ctx: AppContext, req: FastifyRequest): Promise<StreamRequestState> {
  const query = req.query as Record<string, unknown>;
  const token = typeof query.token === 'string' ? query.token : null;
  const rawSince = query.since;
  if (rawSince !== undefined && (typeof rawSince !== 'string' || !/^\d{1,15}$/.test(rawSince))) {
    throw new AppError(400, 'validation_failed', 'since must be an event id', { since: 'invalid' });
  }
  let actor: Actor | null;
  if (token !== null) {
    actor = token.length <= 200 ? await authenticate(ctx, token) : null;
  } else {
    actor = req.actor; // bearer header or cookie, resolved by the authentication hook
    const byCookie = !req.headers.authorization && req.cookies[SESSION_COOKIE] !== undefined;
    if (actor && byCookie && !originAllowed(req, ctx.config.publicUrl)) throw new AppError(403, 'forbidden', 'Cross-origin stream refused');
  }
  if (!actor) throw unauthenticated();
  const state = await ctx.hub.loadRecipient(actor.id);
  if (!state) throw unauthenticated();
  return { actor, since: rawSince === undefined ? null : Number(rawSince), groups: state.groups };
}

/**
 * The TCP socket under a WebSocket (ws keeps it as `_socket`): a fan-out writes its prebuilt frame
 * there and corks several frames into one write (safe beside ws's own sends because the server does
 * not compress: ws then writes every frame through at once, never queues one); and the upgrade's
 * HTTP response is detached from it.
 */
type TcpSocket = { cork(): void; uncork(): void; write(b: Buffer): boolean; _httpMessage?: { detachSocket(s: unknown): void } | null };
const tcpOf = (socket: WebSocket) => (socket as unknown as { _socket?: TcpSocket })._socket;

/**
 * Let go of the upgrade's HTTP request: the stream needs none of it once upgraded, and two things
 * would keep it (Fastify's request and reply, the IncomingMessage, the never-finished
 * ServerResponse with its listeners, a child logger: about 4 KB) as long as the socket lives:
 * the ServerResponse @fastify/websocket attaches to the socket, and @fastify/websocket's own
 * 'error' listener, whose closure holds the route's request and reply. The listener is replaced
 * by one that keeps nothing (a socket must keep one).
 */
function releaseUpgradeRequest(socket: WebSocket, log: AppContext['log']) {
  const tcp = tcpOf(socket);
  if (tcp?._httpMessage) tcp._httpMessage.detachSocket(tcp);
  socket.removeAllListeners('error');
  socket.on('error', (err) => {
    log.debug({ err }, 'stream: socket error');
    socket.terminate();
  });
}

/**
 * One open stream. A class rather than an object of closures: with 19,000 sockets every
 * per-connection function counts (and tsx's keepNames gives each named inner function its own
 * property dictionary, 256 bytes).
 */
class StreamConnection implements Connection {
  readonly user: Connection['user'];
  readonly sessionId: string;
  pending: Connection['pending'] = [];
  presenceSubs: ReadonlySet<string> = NOBODY;
  queued: Connection['queued'] = null;
  urgent = false;
  /** Made on first use: most sockets never type. */
  typingSent: Map<string, number> | null = null;
  /** Heard from since the last ping (a pong or a message). */
  alive = true;

  constructor(
    readonly socket: WebSocket,
    readonly actor: Actor,
    groups: Set<string>,
    public cursor: number,
    /** The heartbeat's slice this socket is pinged in. */
    readonly slice: number,
  ) {
    this.user = { id: actor.id, role: actor.role, kind: actor.kind, groups };
    this.sessionId = actor.sessionId;
  }

  send(json: string | Buffer) {
    const socket = this.socket;
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) return socket.close(1013, 'too slow: reconnect with since');
    const tcp = typeof json === 'string' ? undefined : tcpOf(socket);
    if (tcp) tcp.write(framedOnce(json as Buffer));
    else socket.send(json, { binary: false });
  }

  sendMany(frames: Buffer[]) {
    // One system call for all of them: ws corks per frame, and corks nest.
    const tcp = tcpOf(this.socket);
    tcp?.cork();
    try {
      for (const f of frames) this.send(f);
    } finally {
      tcp?.uncork();
    }
  }

  close(code: number, reason: string) {
    const socket = this.socket;
    if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close(code, reason);
  }

  /** The heartbeat's visit: a socket silent since the last ping is dropped, any other pinged. */
  beat() {
    if (!this.alive) return this.close(STREAM_CLOSE.goingAway, 'no pong');
    this.alive = false;
    this.ping();
  }

  ping() {
    const socket = this.socket;
    if (socket.readyState !== socket.OPEN) return;
    // A WebSocket ping for the protocol, a heartbeat frame for browsers (which cannot see pings): one write.
    const tcp = tcpOf(socket);
    tcp?.cork();
    try {
      socket.ping();
      socket.send('{"type":"heartbeat"}');
    } finally {
      tcp?.uncork();
    }
  }

  error(code: string, message: string) {
    this.send(JSON.stringify({ type: 'error', data: { code, message } }));
  }
}

/** A message from the client: typing, or the people whose presence it follows. */
function onClientMessage(ctx: AppContext, conn: StreamConnection, raw: RawData, isBinary: boolean) {
  let parsed: unknown;
  try {
    parsed = isBinary ? undefined : JSON.parse(String(raw));
  } catch {
    parsed = undefined;
  }
  const msg = StreamClientMessage.safeParse(parsed);
  if (!msg.success) return conn.error('bad_request', 'Unknown or malformed message');
  const m = msg.data;
  const actor = conn.actor;
  if (m.type === 'typing') {
    conn.typingSent ??= new Map();
    const last = conn.typingSent.get(m.conversationId) ?? 0;
    if (Date.now() - last < TYPING_EVERY_MS) return;
    conn.typingSent.set(m.conversationId, Date.now());
    void typingAudience(ctx, actor, m.conversationId).then(
      (audience) => ctx.hub.signal(audience, actor.id, { type: 'typing', data: { conversationId: m.conversationId, userId: actor.id } }),
      () => conn.error('not_found', 'No such conversation'),
    );
    return;
  }
  void subscribePresence(ctx, conn, m.userIds).catch((err: unknown) => ctx.log.warn({ err }, 'presence subscribe'));
}

async function subscribePresence(ctx: AppContext, conn: StreamConnection, ids: string[]) {
  const unique = [...new Set(ids)];
  const visible = unique.length
    ? (await ctx.db.selectFrom('users as u').select('u.id').where('u.id', 'in', unique).where(visibleUsers(conn.actor)).execute()).map((r) => r.id)
    : [];
  conn.presenceSubs = new Set(visible);
  const online = await ctx.hub.presence.online(visible);
  // The answer comes after every event judged before it (a client may use it as a barrier).
  ctx.hub.flushFor(conn);
  for (const id of visible) conn.send(JSON.stringify({ type: 'presence', data: { userId: id, status: online.has(id) ? 'online' : 'offline' } }));
}

/** `GET /api/v1/stream`: the WebSocket of API.md "Messaging and realtime". */
export function streamRoutes(app: FastifyInstance, ctx: AppContext) {
  const hub = ctx.hub;
  // Each socket gets its slice of the period when it connects: thousands of pings at one instant
  // would stall every request for tens of milliseconds, and a socket visited twice in one period
  // would be closed before its pong could come back.
  let connected = 0;
  let tick = 0;
  const heartbeat = setInterval(() => {
    const slice = tick++ % HEARTBEAT_SLICES;
    hub.heartbeat((c) => {
      if (c instanceof StreamConnection && c.slice === slice) c.beat();
    });
  }, ctx.config.streamHeartbeatMs / HEARTBEAT_SLICES);
  heartbeat.unref();
  app.addHook('onClose', async () => clearInterval(heartbeat));

  app.get(
    '/stream',
    {
      websocket: true,
      config: { public: true }, // authenticated below: cookie (with an Origin check), bearer or ?token=
      schema: {
        tags: ['realtime'],
        summary: 'The realtime stream (WebSocket)',
        description:
          'Upgrade to a WebSocket. Authenticated by the session cookie (same Origin only), a bearer token, or ?token=. With ?since=<event id> the missed events come first, then {"type":"ready"}; see API.md.',
        querystring: z.object({ token: z.string().max(200).optional(), since: z.string().max(15).optional() }),
      },
      preValidation: async (req) => {
        req.stream = await authenticateStream(ctx, req);
      },
    },
    (socket: WebSocket, req: FastifyRequest) => {
      const { actor, since, groups } = req.stream!;
      releaseUpgradeRequest(socket, ctx.log);
      const conn = new StreamConnection(socket, actor, groups, since ?? 0, connected++ % HEARTBEAT_SLICES);
      socket.on('pong', () => (conn.alive = true));
      socket.on('close', () => void hub.remove(conn));
      socket.on('message', (raw, isBinary) => {
        conn.alive = true;
        onClientMessage(ctx, conn, raw, isBinary);
      });

      // Live events wait in `pending` from here on; the backlog is read after, so nothing falls between.
      void (async () => {
        await hub.add(conn);
        if (since === null) {
          conn.cursor = await latestSeq(ctx.db);
        } else {
          const [floor, latest] = await Promise.all([retentionFloor(ctx.db), latestSeq(ctx.db)]);
          const behind = since < floor || since > latest ? Infinity : latest - since;
          if (behind > LIMITS.streamBackfill) {
            conn.send('{"type":"resync"}');
            conn.cursor = latest;
          } else {
            let pos = since;
            for (;;) {
              const events = await readEvents(ctx.db, pos, 500);
              if (events.length === 0) break;
              for (const e of events) {
                pos = e.seq;
                if (INTERNAL_TYPES.has(e.type)) continue;
                await hub.prepare(e.audience);
                if (hub.mayReceive(conn, e.audience)) conn.send(Hub.frame(e));
              }
            }
            conn.cursor = pos;
          }
        }
        conn.send(JSON.stringify({ type: 'ready', id: String(conn.cursor) }));
        hub.goLive(conn);
      })().catch((err: unknown) => {
        ctx.log.error({ err }, 'stream: starting failed');
        conn.close(1011, 'internal error');
      });
    },
  );
}
