import { sql } from 'kysely';
import type { StreamEventData } from '@atrium/contract';
import { isPostgres } from '../db/connect.js';
import type { Executor } from '../db/schema.js';
import type { Audience } from './audiences.js';

/**
 * The outbox (DESIGN.md §5): a change and its event are written in one transaction, so an event
 * exists exactly when its change committed. `seq` rises in COMMIT order, which is what lets a
 * reader resume from "everything after seq N" without gaps:
 * - SQLite has one writer at a time, so the order of inserts is the order of commits;
 * - on PostgreSQL two transactions may take sequence values and commit in the other order, so
 *   appending takes a transaction-scoped advisory lock first: the next appender waits until this
 *   transaction has committed (and is visible) before it takes its number. Events are appended
 *   last in their transaction (see `writeTransaction`), so the lock is held only for the commit.
 */

/** Internal events steer the nodes (close sockets, reload a person's state) and never reach clients. */
export interface InternalEventData {
  /** Sessions ended (logout, password change, pruning) or all of a person's (`sessionIds` absent: deactivation). */
  'session.ended': { userId: string; sessionIds?: string[] };
  /** A person's role, kind or profile changed: reload what his sockets may receive, and what caches show of him. */
  'user.changed': { userId: string };
  /** What feeds a person's home feed changed (follows, followed topics): caches rebuild it. */
  'feed.changed': { userId: string };
}
export type EventData = StreamEventData & InternalEventData;
export type EventType = keyof EventData;
export const INTERNAL_TYPES = new Set<string>(['session.ended', 'user.changed', 'feed.changed'] satisfies (keyof InternalEventData)[]);

export type EventDraft = { [K in EventType]: { type: K; data: EventData[K]; audience: Audience } }[EventType];

export interface StoredEvent {
  seq: number;
  type: EventType;
  data: string;
  audience: Audience;
}

/** Any advisory-lock key will do as long as every appender uses the same one. */
const OUTBOX_LOCK = 7_300_001;

/** Append in the caller's transaction; answers the highest seq taken (0 for none). */
export async function appendEvents(tx: Executor, drafts: EventDraft[], now: string): Promise<number> {
  if (drafts.length === 0) return 0;
  if (isPostgres(tx)) await sql`SELECT pg_advisory_xact_lock(${OUTBOX_LOCK})`.execute(tx);
  const rows = await tx
    .insertInto('events')
    .values(drafts.map((d) => ({ type: d.type, data: JSON.stringify(d.data), audience: JSON.stringify(d.audience), created_at: now })))
    .returning('seq')
    .execute();
  return Math.max(...rows.map((r) => Number(r.seq)));
}

const toStored = (r: { seq: number | string; type: string; data: string; audience: string }): StoredEvent => ({
  seq: Number(r.seq),
  type: r.type as EventType,
  data: r.data,
  audience: JSON.parse(r.audience) as Audience,
});

/** Events after `seq`, oldest first. */
export async function readEvents(db: Executor, afterSeq: number, limit: number): Promise<StoredEvent[]> {
  const rows = await db
    .selectFrom('events')
    .select(['seq', 'type', 'data', 'audience'])
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map(toStored);
}

/** The newest committed seq (0 before the first event), also when pruning emptied the table. */
export async function latestSeq(db: Executor): Promise<number> {
  const row = await db.selectFrom('events').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
  return row?.seq != null ? Number(row.seq) : retentionFloor(db);
}

/** Events up to this seq have been pruned: a cursor below it cannot be served. */
export async function retentionFloor(db: Executor): Promise<number> {
  const row = await db.selectFrom('stream_state').select('value').where('key', '=', 'floor').executeTakeFirst();
  return Number(row?.value ?? 0);
}

/** Forget events older than `before` (an ISO time), and remember how far the log now reaches back. */
export async function pruneEvents(db: Executor, before: string): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const last = await tx.selectFrom('events').select((eb) => eb.fn.max('seq').as('seq')).where('created_at', '<', before).executeTakeFirst();
    const floor = Number(last?.seq ?? 0);
    if (floor === 0) return 0;
    const { numDeletedRows } = await tx.deleteFrom('events').where('seq', '<=', floor).executeTakeFirst();
    const value = String(Math.max(floor, await retentionFloor(tx)));
    await tx
      .insertInto('stream_state')
      .values({ key: 'floor', value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
    return Number(numDeletedRows);
  });
}
