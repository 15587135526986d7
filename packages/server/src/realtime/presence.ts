import type { Redis } from 'ioredis';

/**
 * Who is online: a person with at least one open stream on any node. `connected`/`disconnected`
 * answer whether the person's status changed everywhere (so only then is a `presence` signal sent).
 */
export interface Presence {
  connected(userId: string): Promise<boolean>;
  disconnected(userId: string): Promise<boolean>;
  online(userIds: string[]): Promise<Set<string>>;
  close(): Promise<void>;
}

/** One node: the counts of its own sockets are the whole truth. */
export class LocalPresence implements Presence {
  protected counts = new Map<string, number>();
  async connected(userId: string) {
    const n = (this.counts.get(userId) ?? 0) + 1;
    this.counts.set(userId, n);
    return n === 1;
  }
  async disconnected(userId: string) {
    const n = (this.counts.get(userId) ?? 1) - 1;
    if (n > 0) this.counts.set(userId, n);
    else this.counts.delete(userId);
    return n <= 0;
  }
  async online(userIds: string[]) {
    return new Set(userIds.filter((id) => this.counts.has(id)));
  }
  async close() {}
}

/** A node that has not beaten for this long is dead: its people count as offline. */
const NODE_TTL_MS = 15_000;
const BEAT_MS = 5_000;

/**
 * Several nodes: each node keeps the set of people it holds sockets for in Redis, and beats every
 * few seconds; a node that dies stops beating and its set stops counting (and expires). Each beat
 * writes the node's whole set again, so a flushed or restarted Redis is whole again within a beat.
 * While Redis is unreachable, presence falls back to this node's own sockets (no error reaches a
 * client); events do not depend on Redis at all (they come from the database).
 */
export class RedisPresence extends LocalPresence {
  private timer: NodeJS.Timeout;
  private readonly NODES: string;
  constructor(
    private redis: Redis,
    private nodeId: string,
    private prefix: string,
  ) {
    super();
    this.NODES = `${prefix}:presence:nodes`;
    this.timer = setInterval(() => void this.beat().catch(() => undefined), BEAT_MS);
    this.timer.unref();
    void this.beat().catch(() => undefined);
  }
  private nodeKey(nodeId: string) {
    return `${this.prefix}:presence:node:${nodeId}`;
  }
  private async beat() {
    const now = Date.now();
    const mine = [...this.counts.keys()];
    const tx = this.redis.multi().zadd(this.NODES, now, this.nodeId).zremrangebyscore(this.NODES, 0, now - 10 * NODE_TTL_MS);
    if (mine.length) tx.sadd(this.nodeKey(this.nodeId), ...mine);
    await tx.pexpire(this.nodeKey(this.nodeId), NODE_TTL_MS * 2).exec();
  }

  /** What Redis says, or — when it cannot be asked — what this node knows alone. */
  private async orLocal<T>(fn: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await fn();
    } catch {
      return fallback;
    }
  }
  private async otherLiveNodes(): Promise<string[]> {
    const nodes = await this.redis.zrangebyscore(this.NODES, Date.now() - NODE_TTL_MS, '+inf');
    return nodes.filter((n) => n !== this.nodeId);
  }
  private async onOtherNodes(userIds: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    if (userIds.length === 0) return found;
    for (const node of await this.otherLiveNodes()) {
      const flags = await this.redis.smismember(this.nodeKey(node), ...userIds);
      flags.forEach((f, i) => f && found.add(userIds[i]));
    }
    return found;
  }
  override async connected(userId: string) {
    const first = await super.connected(userId);
    if (!first) return false;
    return this.orLocal(async () => {
      await this.redis.sadd(this.nodeKey(this.nodeId), userId);
      return !(await this.onOtherNodes([userId])).has(userId);
    }, true);
  }
  override async disconnected(userId: string) {
    const last = await super.disconnected(userId);
    if (!last) return false;
    return this.orLocal(async () => {
      await this.redis.srem(this.nodeKey(this.nodeId), userId);
      return !(await this.onOtherNodes([userId])).has(userId);
    }, true);
  }
  override async online(userIds: string[]) {
    const here = await super.online(userIds);
    const elsewhere = await this.orLocal(() => this.onOtherNodes(userIds.filter((u) => !here.has(u))), new Set<string>());
    for (const id of elsewhere) here.add(id);
    return here;
  }
  override async close() {
    clearInterval(this.timer);
    await this.redis.multi().zrem(this.NODES, this.nodeId).del(this.nodeKey(this.nodeId)).exec().catch(() => undefined);
  }
}
