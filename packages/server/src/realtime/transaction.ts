import { type AppContext, nowIso } from '../context.js';
import type { Tx } from '../db/schema.js';
import { appendEvents, type EventDraft } from './outbox.js';

export type Emit = (event: EventDraft) => void;

/**
 * A write and the events it causes, in one transaction (DESIGN.md §3.4). Events are appended LAST,
 * after every other lock the write takes (see outbox.ts), and announced after the commit.
 */
export async function writeTransaction<T>(ctx: AppContext, fn: (tx: Tx, emit: Emit) => Promise<T>): Promise<T> {
  let seq = 0;
  const drafts: EventDraft[] = [];
  const result = await ctx.db.transaction().execute(async (tx) => {
    drafts.length = 0; // a retried callback starts afresh
    const value = await fn(tx, (e) => drafts.push(e));
    seq = await appendEvents(tx, drafts, nowIso(ctx));
    return value;
  });
  if (seq > 0) {
    ctx.hub.committed(seq, drafts);
    ctx.hub.bus.announce();
  }
  return result;
}
