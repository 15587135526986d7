import { type AppContext, nowIso } from '../context.js';
import type { Tx } from '../db/schema.js';
import { appendEvents, type EventDraft } from './outbox.js';

export type Emit = (event: EventDraft) => void;

/**
 * A write and the events it causes, in one transaction (DESIGN.md §3.4). Events are appended LAST,
 * after every other lock the write takes (see outbox.ts), and announced after the commit.
 */
export async function writeTransaction<T>(ctx: AppContext, fn: (tx: Tx, emit: Emit) => Promise<T>): Promise<T> {
  let emitted = false;
  const result = await ctx.db.transaction().execute(async (tx) => {
    const drafts: EventDraft[] = [];
    const value = await fn(tx, (e) => drafts.push(e));
    await appendEvents(tx, drafts, nowIso(ctx));
    emitted = drafts.length > 0;
    return value;
  });
  if (emitted) ctx.hub.bus.announce();
  return result;
}
