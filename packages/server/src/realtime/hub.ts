import type { StreamSignal } from '@atrium/contract';
import { STREAM_CLOSE } from '@atrium/contract';
import type { Logger } from 'pino';
import type { Db } from '../db/schema.js';
import { type Audience, type GroupVisibility, groupOf, mayReceive, type Recipient } from './audiences.js';
import type { Bus, BusSignal } from './bus.js';
import { type EventData, type EventDraft, INTERNAL_TYPES, latestSeq, pruneEvents, readEvents, type StoredEvent } from './outbox.js';
import type { Presence } from './presence.js';
import { Connections } from './connections.js';

/** One open stream, as the hub sees it; `gateway.ts` wraps a WebSocket into it. */
export interface Connection {
  readonly user: Recipient;
  readonly sessionId: string;
  /** Events up to this seq were sent (or were not for this person): never send them again. */
  cursor: number;
  /** While the backlog is sent, live events wait here. */
  pending: StoredEvent[] | null;
  presenceSubs: ReadonlySet<string>;
  /**
   * The hub's: frames judged for this socket and not yet written, in seq order (one frame without
   * an array: a fan-out to thousands of sockets allocates nothing per socket).
   */
  queued: Buffer | Buffer[] | null;
  /** The hub's: something in `queued` goes out at the end of this read, not with the feed batch. */
  urgent: boolean;
  /** A text frame; a Buffer is sent as text too (encoded once for every socket of a fan-out). */
  send(json: string | Buffer): void;
  /** Several frames in one write. */
  sendMany(frames: Buffer[]): void;
  close(code: number, reason: string): void;
  /** A WebSocket ping and a heartbeat frame, in one write. */
  ping(): void;
}

export interface HubOptions {
  pollMs: number;
  retentionMs: number;
  /** How often open sockets' sessions are checked against the database (expiry, lost events). */
  sessionSweepMs: number;
  /**
   * Feed events (FEED_TYPES) wait up to this long and go to a socket together, in one write; 0
   * sends them at once. Every company post reaches every connected colleague, so without this a
   * busy company costs a system call per post per socket.
   */
  feedBatchMs: number;
}

const BATCH = 500;
/** Sockets written per turn of the event loop by a feed batch. */
const FEED_SLICE = 500;

/**
 * Events about posts, which every reader of a post receives: they may wait for the next feed
 * batch. Messages, notifications and membership changes go out at once, and take whatever waits
 * for their socket with them, so that a socket still receives every event in seq order.
 */
const FEED_TYPES: ReadonlySet<string> = new Set([
  'post.created',
  'post.updated',
  'post.deleted',
  'comment.created',
  'comment.updated',
  'comment.deleted',
  'reaction.changed',
]);

/**
 * The node's side of realtime (DESIGN.md §5): a single tailer reads the events table in seq order
 * (woken after each local commit, by other nodes through the bus, and by a poll as a safety net),
 * asks `audiences.ts` who may receive each event, and sends it to this node's sockets.
 */
export class Hub {
  private conns = new Connections<Connection>();
  private position = 0;
  private running: Promise<void> | null = null;
  private again = false;
  private timers: NodeJS.Timeout[] = [];
  private visibility = new Map<string, GroupVisibility>();
  private closed = false;
  /** The newest seq this node committed itself: reads wait for the tailer to pass it (read-your-writes). */
  private committedHere = 0;
  private listeners: ((e: StoredEvent) => void | Promise<void>)[] = [];
  /**
   * Sockets with something urgent queued, written at the end of the read (`flush`). The arrays are
   * kept and reused: at 50 messages a second to 1,000 sockets, a map and an array per socket per
   * message were promoted by the young generation's collections and filled the old one.
   */
  private dueNow: (Connection | null)[] = [];
  /** How many of `dueNow` are in use (setting an array's length to 0 would give up its storage). */
  private dueNowCount = 0;
  /** Sockets with feed frames queued for the next feed batch (`flushFeed`); also in `dueNow` once urgent. */
  private dueLater: Connection[] = [];
  private feedFlushing = false;

  constructor(
    private db: Db,
    readonly bus: Bus,
    readonly presence: Presence,
    private log: Logger,
    private opts: HubOptions,
    /** Reload a connected person's role, kind and groups (null: he may no longer connect). */
    readonly loadRecipient: (userId: string) => Promise<Omit<Recipient, 'id'> | null>,
    private liveSessions: (sessionIds: string[]) => Promise<Set<string>>,
  ) {}

  async start() {
    this.position = await latestSeq(this.db);
    this.bus.onAnnounce(() => void this.wake());
    this.bus.onSignal((s) => this.onSignal(s));
    const every = (ms: number, fn: () => Promise<unknown> | void) => {
      const t = setInterval(() => void Promise.resolve(fn()).catch((err: unknown) => this.log.warn({ err }, 'realtime timer')), ms);
      t.unref();
      this.timers.push(t);
    };
    every(this.opts.pollMs, () => this.wake());
    if (this.opts.feedBatchMs > 0) every(this.opts.feedBatchMs, () => this.flushFeed());
    every(this.opts.sessionSweepMs, () => this.sweepSessions());
    every(Math.min(this.opts.retentionMs, 3_600_000), () => this.prune());
    await this.prune();
  }

  /**
   * Caches follow the event log: `fn` sees every event (internal ones too) in seq order, on every
   * node, before it is delivered to sockets.
   */
  onEvent(fn: (e: StoredEvent) => void | Promise<void>) {
    this.listeners.push(fn);
  }

  private localListeners: ((drafts: EventDraft[]) => void)[] = [];

  /** `fn` sees the events this node commits at once after the commit, before the tailer reads them. */
  onCommittedHere(fn: (drafts: EventDraft[]) => void) {
    this.localListeners.push(fn);
  }

  /** This node committed these events, up to `seq`. */
  committed(seq: number, drafts: EventDraft[]) {
    if (seq > this.committedHere) this.committedHere = seq;
    for (const fn of this.localListeners) fn(drafts);
  }

  /**
   * Wait until every event this node committed (and, given `upTo`, every event up to it) has been
   * applied, so that a read from a cache sees one's own writes.
   */
  async catchUp(upTo = 0) {
    const target = Math.max(upTo, this.committedHere);
    while (this.position < target && !this.closed) await this.wake();
  }

  /** The newest event this node has applied. */
  get applied() {
    return this.position;
  }

  /** Group visibility as the hub knows it (loaded by `prepare`). */
  visibilityOf = (groupId: string) => this.visibility.get(groupId);

  get connectionCount() {
    return this.conns.size;
  }

  /** New events may be committed: read and deliver them (one reader at a time, in seq order). */
  wake(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          const events = await readEvents(this.db, this.position, BATCH);
          try {
            for (const e of events) {
              await this.dispatch(e);
              this.position = e.seq;
            }
          } finally {
            this.flush();
          }
          if (events.length === BATCH) this.again = true;
          // Requests waiting meanwhile are served before the next batch (SQLite reads resolve at once).
          if (this.again) await new Promise((resolve) => setImmediate(resolve));
        } while (this.again && !this.closed);
      } catch (err) {
        this.log.error({ err }, 'realtime: reading events failed; the next poll retries');
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** The visibility of the groups an audience needs, loaded before the (synchronous) check. */
  async prepare(a: Audience) {
    const id = groupOf(a);
    if (id && !this.visibility.has(id)) {
      const row = await this.db.selectFrom('groups').select('visibility').where('id', '=', id).executeTakeFirst();
      if (row) this.visibility.set(id, row.visibility);
    }
  }

  mayReceive(conn: Connection, a: Audience) {
    return mayReceive(conn.user, a, (id) => this.visibility.get(id));
  }

  /** The wire form of a stored event (the payload is already JSON). */
  static frame(e: StoredEvent) {
    return `{"type":"${e.type}","id":"${e.seq}","data":${e.data}}`;
  }

  private async dispatch(e: StoredEvent) {
    for (const fn of this.listeners) await fn(e);
    // Internal events first change what sockets may receive, then later events are judged by it.
    switch (e.type) {
      case 'session.ended': {
        // What was judged before the end goes out before the close.
        this.flush();
        const d = JSON.parse(e.data) as EventData['session.ended'];
        for (const c of this.conns.ofUser(d.userId)) {
          if (d.sessionIds && !d.sessionIds.includes(c.sessionId)) continue;
          this.flushFor(c);
          c.close(STREAM_CLOSE.sessionEnded, 'session ended');
        }
        return;
      }
      case 'user.changed':
        return this.reload((JSON.parse(e.data) as EventData['user.changed']).userId);
      case 'membership.changed':
        await this.reload((JSON.parse(e.data) as EventData['membership.changed']).userId);
        break;
      case 'group.updated':
        this.visibility.delete((JSON.parse(e.data) as EventData['group.updated']).groupId);
        break;
    }
    if (INTERNAL_TYPES.has(e.type) || this.conns.size === 0) return;
    await this.prepare(e.audience);
    const mayWait = this.opts.feedBatchMs > 0 && FEED_TYPES.has(e.type);
    let frame: Buffer | null = null;
    for (const c of this.conns.candidates(e.audience, this.visibilityOf)) {
      if (e.seq <= c.cursor || !this.mayReceive(c, e.audience)) continue;
      if (c.pending) {
        c.pending.push(e);
        continue;
      }
      c.cursor = e.seq;
      frame ??= Buffer.from(Hub.frame(e));
      // One queue per socket, in seq order: something urgent takes what waited for the feed batch
      // along, first, in the same write.
      const queued = c.queued;
      if (queued === null) c.queued = frame;
      else if (Array.isArray(queued)) queued.push(frame);
      else c.queued = [queued, frame];
      if (!mayWait && !c.urgent) {
        c.urgent = true;
        this.dueNow[this.dueNowCount++] = c;
      } else if (mayWait && queued === null) {
        this.dueLater.push(c);
      }
    }
  }

  /**
   * Send what a batch of events gave each socket, in one write per socket: one system call per
   * socket is the cost of a fan-out, and a server that falls behind catches up with fewer of them.
   */
  private flush() {
    for (let i = 0; i < this.dueNowCount; i++) {
      this.flushFor(this.dueNow[i]!);
      this.dueNow[i] = null;
    }
    this.dueNowCount = 0;
  }

  /**
   * The feed batch: what waited goes out, one write per socket, FEED_SLICE sockets at a time with
   * waiting requests served between slices (thousands of writes at once would stall the loop for
   * tens of milliseconds). A socket left for a later slice keeps its queue, so what is judged
   * meanwhile still goes after it (with it, if it is urgent).
   */
  private async flushFeed() {
    if (this.feedFlushing) return;
    this.feedFlushing = true;
    try {
      const due = this.dueLater;
      this.dueLater = [];
      for (let i = 0; i < due.length; i += FEED_SLICE) {
        if (i > 0) await new Promise((resolve) => setImmediate(resolve));
        for (let j = i; j < Math.min(i + FEED_SLICE, due.length); j++) this.flushFor(due[j]);
      }
    } finally {
      this.feedFlushing = false;
    }
  }

  /**
   * Send what is queued for this socket now (before a reply or a close that must come after it). A
   * socket may still be listed in `dueNow` or `dueLater`; with nothing queued it is skipped there.
   */
  flushFor(c: Connection) {
    const frames = c.queued;
    c.queued = null;
    c.urgent = false;
    if (frames === null) return;
    if (Array.isArray(frames)) c.sendMany(frames);
    else c.send(frames);
  }

  private async reload(userId: string) {
    if (this.conns.ofUser(userId).size === 0) return;
    const state = await this.loadRecipient(userId);
    for (const c of this.conns.ofUser(userId)) {
      if (!state) {
        c.close(STREAM_CLOSE.sessionEnded, 'account deactivated');
        continue;
      }
      this.conns.update(c, () => {
        c.user.role = state.role;
        c.user.kind = state.kind;
        c.user.groups = state.groups;
      });
    }
  }

  /** Start receiving live events (held in `pending` until the gateway has sent the backlog). */
  async add(conn: Connection) {
    this.conns.add(conn);
    if (await this.presence.connected(conn.user.id)) this.bus.signal({ kind: 'presence', userId: conn.user.id, status: 'online' });
  }

  /** The backlog is sent up to `cursor`: send what waited, then go live. */
  goLive(conn: Connection) {
    const waiting = conn.pending ?? [];
    conn.pending = null;
    for (const e of waiting) {
      if (e.seq <= conn.cursor) continue;
      conn.cursor = e.seq;
      conn.send(Hub.frame(e));
    }
  }

  async remove(conn: Connection) {
    if (!this.conns.delete(conn)) return;
    conn.queued = null;
    conn.urgent = false;
    if (await this.presence.disconnected(conn.user.id)) this.bus.signal({ kind: 'presence', userId: conn.user.id, status: 'offline' });
  }

  /** Typing (or another ephemeral signal) to an audience, on every node. */
  signal(audience: Audience, exceptUserId: string, message: StreamSignal) {
    this.bus.signal({ kind: 'audience', audience, exceptUserId, message });
  }

  private onSignal(s: BusSignal) {
    if (s.kind === 'presence') {
      const json = Buffer.from(JSON.stringify({ type: 'presence', data: { userId: s.userId, status: s.status } }));
      for (const c of this.conns.all) if (c.presenceSubs.has(s.userId)) c.send(json);
      return;
    }
    void this.prepare(s.audience).then(() => {
      const json = Buffer.from(JSON.stringify(s.message));
      for (const c of this.conns.candidates(s.audience, this.visibilityOf)) {
        if (c.user.id !== s.exceptUserId && !c.pending && this.mayReceive(c, s.audience)) c.send(json);
      }
    });
  }

  /** Close the sockets whose session has expired or ended without its event reaching us. */
  private async sweepSessions() {
    if (this.conns.size === 0) return;
    const ids = [...new Set([...this.conns.all].map((c) => c.sessionId))];
    const live = new Set<string>();
    for (let i = 0; i < ids.length; i += 500) for (const id of await this.liveSessions(ids.slice(i, i + 500))) live.add(id);
    for (const c of this.conns.all) if (!live.has(c.sessionId)) c.close(STREAM_CLOSE.sessionEnded, 'session ended');
  }

  private async prune() {
    const n = await pruneEvents(this.db, new Date(Date.now() - this.opts.retentionMs).toISOString());
    if (n) this.log.info({ pruned: n }, 'realtime: old events pruned');
  }

  heartbeat(fn: (c: Connection) => void) {
    for (const c of this.conns.all) fn(c);
  }

  async close() {
    this.closed = true;
    for (const t of this.timers) clearInterval(t);
    for (const c of [...this.conns.all]) c.close(STREAM_CLOSE.goingAway, 'server shutting down');
    await this.running;
    await this.presence.close();
    await this.bus.close();
  }
}
