import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { StreamSignal } from '@atrium/contract';
import type { Audience } from './audiences.js';

/**
 * Between nodes (DESIGN.md §1): in-process on one node, Redis pub/sub across several. The bus
 * carries no durable data: `announce` only says "new events are committed" (every node then reads
 * them from the events table in seq order, so a lost or reordered announcement loses nothing: the
 * periodic poll catches up), and signals are ephemeral by nature (typing, presence).
 */
export type BusSignal =
  | { kind: 'audience'; audience: Audience; exceptUserId: string; message: StreamSignal }
  | { kind: 'presence'; userId: string; status: 'online' | 'offline' };

export interface Bus {
  readonly nodeId: string;
  announce(): void;
  onAnnounce(fn: () => void): void;
  signal(s: BusSignal): void;
  onSignal(fn: (s: BusSignal) => void): void;
  close(): Promise<void>;
}

export class LocalBus implements Bus {
  readonly nodeId = randomUUID();
  private announceFns: (() => void)[] = [];
  private signalFns: ((s: BusSignal) => void)[] = [];
  announce() {
    for (const fn of this.announceFns) fn();
  }
  onAnnounce(fn: () => void) {
    this.announceFns.push(fn);
  }
  signal(s: BusSignal) {
    for (const fn of this.signalFns) fn(s);
  }
  onSignal(fn: (s: BusSignal) => void) {
    this.signalFns.push(fn);
  }
  async close() {}
}

export class RedisBus extends LocalBus {
  private pub: Redis;
  private sub: Redis;
  private readonly EVENTS: string;
  private readonly SIGNALS: string;
  constructor(
    url: string,
    readonly prefix: string,
    onError: (err: Error) => void,
  ) {
    super();
    this.EVENTS = `${prefix}:events`;
    this.SIGNALS = `${prefix}:signals`;
    // A subscribed connection cannot publish: one of each.
    this.pub = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2, commandTimeout: 1000 });
    this.sub = new Redis(url, { lazyConnect: false });
    this.pub.on('error', onError);
    this.sub.on('error', onError);
    void this.sub.subscribe(this.EVENTS, this.SIGNALS).catch(onError);
    this.sub.on('message', (channel: string, raw: string) => {
      if (channel === this.EVENTS) return super.announce();
      const { from, signal } = JSON.parse(raw) as { from: string; signal: BusSignal };
      if (from !== this.nodeId) super.signal(signal);
    });
  }
  override announce() {
    super.announce(); // this node at once, the others through Redis
    this.pub.publish(this.EVENTS, this.nodeId).catch(() => undefined);
  }
  override signal(s: BusSignal) {
    super.signal(s);
    this.pub.publish(this.SIGNALS, JSON.stringify({ from: this.nodeId, signal: s })).catch(() => undefined);
  }
  /** The Redis connection for presence (shared: one fewer socket per node). */
  get client(): Redis {
    return this.pub;
  }
  override async close() {
    this.sub.disconnect();
    await this.pub.quit().catch(() => undefined);
  }
}
