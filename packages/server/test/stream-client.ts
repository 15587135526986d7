import WebSocket from 'ws';

/** A message from the stream, as API.md shows it. */
export interface Frame {
  type: string;
  id?: string;
  data?: any;
}

export interface StreamOptions {
  token?: string;
  /** Sent as `Authorization: Bearer` instead of `?token=`. */
  bearer?: string;
  cookie?: string;
  origin?: string;
  since?: string;
  /** Wait for `ready` before resolving (default true). */
  ready?: boolean;
}

/**
 * A real WebSocket client of `GET /api/v1/stream` that keeps every frame it receives, so a test can
 * say "the next frame of this kind" and "nothing of that kind arrived".
 */
export class Stream {
  readonly frames: Frame[] = [];
  private waiters: (() => void)[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  ready: Frame | null = null;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (raw) => {
      const frame = JSON.parse(String(raw)) as Frame;
      if (frame.type === 'heartbeat') return;
      this.frames.push(frame);
      for (const w of this.waiters.splice(0)) w();
    });
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
  }

  /** Frames that carry an event id (durable events), in order of arrival. */
  get events() {
    return this.frames.filter((f) => f.id !== undefined && f.type !== 'ready');
  }

  /** The first frame (after `from`) that matches, waiting for it up to `timeoutMs`. */
  async waitFor(match: (f: Frame) => boolean, timeoutMs = 5000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find(match);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames.map((f) => f.type))}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  waitType(type: string, match: (data: any) => boolean = () => true, timeoutMs?: number) {
    return this.waitFor((f) => f.type === type && match(f.data), timeoutMs);
  }

  has(type: string, match: (data: any) => boolean = () => true) {
    return this.frames.some((f) => f.type === type && match(f.data));
  }

  send(message: unknown) {
    this.ws.send(JSON.stringify(message));
  }

  close() {
    this.ws.close();
    return this.closed;
  }
}

export function streamUrl(base: string, opts: StreamOptions = {}) {
  const url = new URL('/api/v1/stream', base.replace(/^http/, 'ws'));
  if (opts.token) url.searchParams.set('token', opts.token);
  if (opts.since !== undefined) url.searchParams.set('since', opts.since);
  return url.toString();
}

/** Open a stream; resolves once `ready` arrived (or at once with `ready: false`). Rejects on a refused handshake with its HTTP status. */
export async function openStream(base: string, opts: StreamOptions = {}): Promise<Stream> {
  const headers: Record<string, string> = {};
  if (opts.bearer) headers.authorization = `Bearer ${opts.bearer}`;
  if (opts.cookie) headers.cookie = opts.cookie;
  if (opts.origin) headers.origin = opts.origin;
  const ws = new WebSocket(streamUrl(base, opts), { headers });
  const stream = new Stream(ws);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new HandshakeRefused(res.statusCode ?? 0)));
    ws.once('error', reject);
  });
  if (opts.ready !== false) stream.ready = await stream.waitType('ready');
  return stream;
}

export class HandshakeRefused extends Error {
  constructor(readonly status: number) {
    super(`handshake refused with HTTP ${status}`);
  }
}
