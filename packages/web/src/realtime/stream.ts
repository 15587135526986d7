import type { StreamClientMessage, StreamEventData, StreamEventType, StreamMessage, StreamSignalData } from '@atrium/contract';

/**
 * The one WebSocket of this tab (`/api/v1/stream`, API.md "Messaging and realtime").
 *
 * - Opened after sign-in, closed on sign-out (`start`/`stop`, driven by the shell).
 * - Reconnects by itself with exponential backoff and full jitter (0.5 s doubling up to 30 s),
 *   resuming with `?since=<last event id>`: the server replays what was missed, and events at or
 *   below the last id seen are dropped, so nothing is lost and nothing is applied twice.
 * - 60 s without any frame (the server sends a heartbeat every 25 s) counts as a dead connection.
 * - Close code 4001: the session ended; the shell sends the person to the login page.
 */

/** Everything a listener can subscribe to: durable events, ephemeral signals, and two controls. */
export interface StreamListeners {
  resync: () => void;
  ready: () => void;
}
type EventHandlers = { [K in StreamEventType]: (data: StreamEventData[K], id: string) => void };
type SignalHandlers = { [K in keyof StreamSignalData]: (data: StreamSignalData[K]) => void };
export type StreamHandlers = EventHandlers & SignalHandlers & StreamListeners;
export type StreamListenerType = keyof StreamHandlers;

/** `idle`: not started (signed out); `connecting`: the first connection; `live`: caught up; `reconnecting`: lost, trying again. */
export type StreamStatus = 'idle' | 'connecting' | 'live' | 'reconnecting';

const SESSION_ENDED = 4001;
const UNAUTHORIZED = 4003;
const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;
const DEAD_AFTER_MS = 60_000;
const TYPING_EVERY_MS = 3_000;

type AnyHandler = (...args: never[]) => void;

export class StreamClient {
  private ws: WebSocket | null = null;
  private running = false;
  private lastId: number | null = null;
  private attempt = 0;
  private everLive = false;
  private failedHandshakes = 0;
  private retryTimer: number | undefined;
  private watchdog: number | undefined;
  private listeners = new Map<StreamListenerType, Set<AnyHandler>>();
  private statusListeners = new Set<() => void>();
  private currentStatus: StreamStatus = 'idle';
  private presenceIds: string[] = [];
  private typingSent = new Map<string, number>();

  /** The session ended (close code 4001): send the person to the login page. */
  onSessionEnded: (() => void) | null = null;
  /** Several handshakes in a row failed: perhaps the session is gone; the shell asks /me. */
  onConnectFailing: (() => void) | null = null;

  get status(): StreamStatus {
    return this.currentStatus;
  }

  /** The newest event id applied (for tests and debugging). */
  get lastEventId(): string | null {
    return this.lastId === null ? null : String(this.lastId);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.attempt = 0;
    this.everLive = false;
    window.addEventListener('online', this.reconnectNow);
    document.addEventListener('visibilitychange', this.onVisibility);
    this.connect();
  }

  stop(): void {
    this.running = false;
    window.removeEventListener('online', this.reconnectNow);
    document.removeEventListener('visibilitychange', this.onVisibility);
    window.clearTimeout(this.retryTimer);
    window.clearTimeout(this.watchdog);
    const ws = this.ws;
    this.ws = null;
    if (ws && (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING)) ws.close(1000, 'signed out');
    this.lastId = null;
    this.typingSent.clear();
    this.setStatus('idle');
  }

  on<K extends StreamListenerType>(type: K, handler: StreamHandlers[K]): () => void {
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    set.add(handler as AnyHandler);
    return () => {
      set.delete(handler as AnyHandler);
    };
  }

  subscribeStatus(fn: () => void): () => void {
    this.statusListeners.add(fn);
    return () => {
      this.statusListeners.delete(fn);
    };
  }

  /** Follow these people's presence (replaces the previous list; re-sent after each reconnect). */
  setPresence(ids: string[]): void {
    const next = [...new Set(ids)].sort().slice(0, 500);
    if (next.length === this.presenceIds.length && next.every((id, i) => id === this.presenceIds[i])) return;
    this.presenceIds = next;
    this.send({ type: 'presence.subscribe', userIds: next });
  }

  /** "I am typing here": at most one signal per conversation every 3 s (the server passes no more). */
  typing(conversationId: string): void {
    const now = Date.now();
    if (now - (this.typingSent.get(conversationId) ?? 0) < TYPING_EVERY_MS) return;
    if (this.send({ type: 'typing', conversationId })) this.typingSent.set(conversationId, now);
  }

  private send(msg: StreamClientMessage): boolean {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    ws.send(JSON.stringify(msg));
    return true;
  }

  private setStatus(s: StreamStatus) {
    if (s === this.currentStatus) return;
    this.currentStatus = s;
    this.statusListeners.forEach((fn) => fn());
  }

  private emit(type: StreamListenerType, ...args: unknown[]) {
    for (const fn of [...(this.listeners.get(type) ?? [])]) {
      try {
        (fn as (...a: unknown[]) => void)(...args);
      } catch (err) {
        // One broken listener must not keep the others (or the socket) from working.
        console.error(err);
      }
    }
  }

  private url(): string {
    const url = new URL('/api/v1/stream', window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    if (this.lastId !== null) url.searchParams.set('since', String(this.lastId));
    return url.toString();
  }

  private connect() {
    window.clearTimeout(this.retryTimer);
    if (!this.running || this.ws) return;
    this.setStatus(this.everLive ? 'reconnecting' : 'connecting');
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.url());
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    let opened = false;
    ws.onopen = () => {
      opened = true;
      this.failedHandshakes = 0;
      this.armWatchdog();
      if (this.presenceIds.length) this.send({ type: 'presence.subscribe', userIds: this.presenceIds });
    };
    ws.onmessage = (e: MessageEvent) => {
      if (this.ws !== ws) return;
      this.armWatchdog();
      if (typeof e.data === 'string') this.handle(e.data);
    };
    ws.onclose = (e: CloseEvent) => {
      if (this.ws !== ws) return;
      this.ws = null;
      window.clearTimeout(this.watchdog);
      if (!this.running) return;
      if (e.code === SESSION_ENDED) {
        this.running = false;
        this.setStatus('idle');
        this.onSessionEnded?.();
        return;
      }
      if (!opened || e.code === UNAUTHORIZED) {
        this.failedHandshakes += 1;
        if (this.failedHandshakes % 3 === 2) this.onConnectFailing?.();
      }
      this.scheduleReconnect();
    };
    // An error is always followed by close, which decides what to do.
    ws.onerror = () => undefined;
  }

  private scheduleReconnect() {
    if (!this.running) return;
    this.setStatus(this.everLive ? 'reconnecting' : 'connecting');
    const cap = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** this.attempt);
    this.attempt += 1;
    // Full jitter: a server restart doesn't bring every tab back in the same millisecond.
    const delay = Math.max(100, Math.random() * cap);
    window.clearTimeout(this.retryTimer);
    this.retryTimer = window.setTimeout(() => this.connect(), delay);
  }

  /** Back online, or the tab is shown again: don't wait for the rest of the backoff. */
  private reconnectNow = () => {
    if (this.running && !this.ws) {
      this.attempt = 0;
      this.connect();
    }
  };

  private onVisibility = () => {
    if (document.visibilityState === 'visible') this.reconnectNow();
  };

  private armWatchdog() {
    window.clearTimeout(this.watchdog);
    this.watchdog = window.setTimeout(() => {
      // Nothing for a minute (not even a heartbeat): the connection is dead without knowing it.
      const ws = this.ws;
      if (!ws) return;
      this.ws = null;
      ws.onclose = null;
      ws.close(4000, 'no heartbeat');
      this.scheduleReconnect();
    }, DEAD_AFTER_MS);
  }

  private handle(raw: string) {
    let msg: StreamMessage;
    try {
      msg = JSON.parse(raw) as StreamMessage;
    } catch {
      return;
    }
    switch (msg.type) {
      case 'heartbeat':
      case 'error':
        return;
      case 'ready': {
        const id = Number(msg.id);
        if (Number.isFinite(id) && (this.lastId === null || id > this.lastId)) this.lastId = id;
        this.attempt = 0;
        this.everLive = true;
        this.setStatus('live');
        this.emit('ready');
        return;
      }
      case 'resync':
        // Too far behind (or the server's events were reset): start over from its `ready`.
        this.lastId = null;
        this.emit('resync');
        return;
      case 'typing':
      case 'presence':
        this.emit(msg.type, msg.data);
        return;
      default: {
        const id = Number(msg.id);
        if (!Number.isFinite(id)) return;
        if (this.lastId !== null && id <= this.lastId) return; // already applied
        this.lastId = id;
        this.emit(msg.type, msg.data, msg.id);
      }
    }
  }
}

/** The tab's one stream. */
export const stream = new StreamClient();
