/**
 * What the home-feed cache costs the garbage collector: 10,000 materialized timelines (scale M's
 * people, all active) as the cache builds them — 200 post ids and 100 followed people each, the
 * ids as fresh strings the way the database returns them — their heap and external memory, and
 * the time of a full collection with and without them. Not part of `npm run bench` (no server, no
 * load): `npm run bench:timelines`. docs/benchmarks.md, "What limits the realtime figures".
 */
import { TimelineCache } from '../packages/server/src/feed/timelines.js';
import { newId } from '../packages/server/src/lib/ids.js';
import type { Db } from '../packages/server/src/db/schema.js';
import type { Hub } from '../packages/server/src/realtime/hub.js';

const PEOPLE = 10_000;
const IDS = 200;
const FOLLOWS = 100;

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (npm run bench:timelines)');

/** A string with storage of its own, as a database driver hands it over. */
const fresh = (s: string) => Buffer.from(s).toString('latin1');
const people = Array.from({ length: PEOPLE }, () => newId());
const posts = Array.from({ length: 200_000 }, () => newId()).sort();

// The cache's own build, its source fed from memory; its two other queries (the person's groups,
// his reactions) answer nothing, as for someone in no group who never reacted.
const nothing: unknown = new Proxy({}, { get: (_, key) => (key === 'execute' ? async () => [] : () => nothing) });
const db = nothing as Db;
const hub = { visibilityOf: () => undefined } as unknown as Hub;
let user = 0;
const cache = new TimelineCache(db, hub, { maxUsers: PEOPLE, build: IDS, cap: 800 }, async () => {
  const u = user;
  return {
    ids: Array.from({ length: IDS }, (_, i) => fresh(posts[(u * 37 + i * 101) % posts.length])).sort().reverse(),
    follows: Array.from({ length: FOLLOWS }, (_, i) => fresh(people[(u * 13 + i * 7) % PEOPLE])),
    topics: [],
  };
});

const measure = () => {
  gc();
  gc();
  const m = process.memoryUsage();
  const t = performance.now();
  gc();
  return { heap: m.heapUsed, external: m.external, fullGcMs: performance.now() - t };
};

const before = measure();
for (user = 0; user < PEOPLE; user++) await cache.get({ id: people[user], role: 'member', kind: 'member' });
const after = measure();
const mb = (b: number) => (b / 1048576).toFixed(1);
const kb = (b: number) => (b / 1024 / PEOPLE).toFixed(1);
// (`cache` is read after the measurement: a variable not used any more is not a root for the collector.)
console.log(
  `${cache.size.toLocaleString('en')} timelines (${IDS} ids, ${FOLLOWS} follows each): heap ${mb(after.heap - before.heap)} MB (${kb(after.heap - before.heap)} KB each), ` +
    `outside the heap ${mb(after.external - before.external)} MB (${kb(after.external - before.external)} KB each); ` +
    `a full collection ${after.fullGcMs.toFixed(1)} ms with them, ${before.fullGcMs.toFixed(1)} ms before`,
);
