import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildUser, type TestUser } from '../factories.js';
import { createTestApp, type TestApp } from '../harness.js';

/**
 * Heartbeats (docs/realtime.md "The stream"): every socket gets a ping and a heartbeat frame once
 * per period, spread over the period; a socket that did not answer the last ping is closed.
 */

const PERIOD_MS = 1_000;
let t: TestApp;
let base: string;
let bob: TestUser;

beforeAll(async () => {
  t = await createTestApp({ STREAM_HEARTBEAT_MS: String(PERIOD_MS) });
  base = await t.listen();
  await buildOrg(t.ctx, t.app);
  bob = await buildUser(t.ctx, t.app);
});
afterAll(() => t?.close());

/** A raw socket that records when pings and heartbeat frames came; `autoPong: false` plays a dead client. */
async function connect(autoPong: boolean) {
  const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/api/v1/stream?token=${bob.token}`, { autoPong });
  const pings: number[] = [];
  const heartbeats: number[] = [];
  ws.on('ping', () => pings.push(Date.now()));
  ws.on('message', (raw) => {
    if ((JSON.parse(String(raw)) as { type: string }).type === 'heartbeat') heartbeats.push(Date.now());
  });
  const closed = new Promise<{ code: number; reason: string; at: number }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: String(reason), at: Date.now() })),
  );
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  return { ws, pings, heartbeats, closed, openedAt: Date.now() };
}

describe('heartbeats', () => {
  it('a live client gets a ping and a heartbeat frame once per period, and stays', async () => {
    const live = await connect(true);
    await new Promise((resolve) => setTimeout(resolve, 3.5 * PERIOD_MS));
    expect(live.ws.readyState).toBe(WebSocket.OPEN);
    // Once per period: 3 or 4 in 3.5 periods, depending on the slice the socket got.
    expect(live.pings.length).toBeGreaterThanOrEqual(3);
    expect(live.pings.length).toBeLessThanOrEqual(4);
    expect(live.heartbeats.length).toBe(live.pings.length);
    const gaps = live.pings.slice(1).map((at, i) => at - live.pings[i]);
    for (const gap of gaps) expect(gap).toBeGreaterThan(0.5 * PERIOD_MS);
    live.ws.close();
  });

  it('a client that answers no ping is closed at its next visit, with 1001', async () => {
    const dead = await connect(false);
    const { code, reason, at } = await dead.closed;
    expect(code).toBe(1001);
    expect(reason).toBe('no pong');
    expect(dead.pings.length).toBeGreaterThanOrEqual(1);
    // The first visit pings, the next (one period later) closes.
    expect(at - dead.pings[0]).toBeGreaterThan(0.5 * PERIOD_MS);
    expect(at - dead.openedAt).toBeLessThan(3 * PERIOD_MS);
  });
});
