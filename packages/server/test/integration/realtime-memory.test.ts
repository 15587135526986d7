import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildUser, type TestUser } from '../factories.js';
import { createTestApp, type TestApp } from '../harness.js';

/**
 * What an open stream keeps (docs/benchmarks.md "sockets"): a server holds tens of thousands of
 * idle streams, so the upgrade's HTTP request must not live as long as the socket, and a closed
 * stream must leave nothing behind in the hub's indexes and queues.
 */

let t: TestApp;
let base: string;
let bob: TestUser;
let alice: TestUser;
/** The server side of each upgrade, in order: its request and its TCP socket. */
const upgrades: { request: WeakRef<IncomingMessage>; socket: WeakRef<Socket> }[] = [];

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Collect everything collectable (a WeakRef is cleared only after the job that read it). */
async function collect() {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

beforeAll(async () => {
  t = await createTestApp({ STREAM_FEED_BATCH_MS: '100' });
  base = await t.listen();
  t.app.server.on('upgrade', (request: IncomingMessage, socket: Socket) => upgrades.push({ request: new WeakRef(request), socket: new WeakRef(socket) }));
  await buildOrg(t.ctx, t.app);
  bob = await buildUser(t.ctx, t.app);
  alice = await buildUser(t.ctx, t.app);
});
afterAll(() => t?.close());

async function open(token: string) {
  const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/api/v1/stream?token=${token}`);
  const frames: { type: string }[] = [];
  ws.on('message', (raw) => frames.push(JSON.parse(String(raw)) as { type: string }));
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  await expect.poll(() => frames.some((f) => f.type === 'ready')).toBe(true);
  return { ws, frames };
}

describe('what a stream keeps', () => {
  it('an open stream does not keep its upgrade request alive, and still receives events', async () => {
    const { ws, frames } = await open(bob.token);
    const mine = upgrades.at(-1)!;
    // A post (a feed event, batched) reaches the open stream: the socket is really in use.
    expect((await alice.api.post('/posts', { body: 'kept or not?' })).status).toBe(201);
    await expect.poll(() => frames.some((f) => f.type === 'post.created')).toBe(true);
    await collect();
    expect(mine.socket.deref()).toBeDefined();
    expect(mine.request.deref()).toBeUndefined();
    ws.close();
  });

  it('a closed stream leaves nothing behind (hub indexes, send queues, heartbeat state)', async () => {
    const { ws, frames } = await open(bob.token);
    const mine = upgrades.at(-1)!;
    // A direct message (sent at once) and a post (queued for the feed batch when it closes): the
    // lists of sockets due must not keep it either.
    const dm = await alice.api.post('/conversations', { memberIds: [bob.id] });
    expect((await alice.api.post(`/conversations/${dm.body.conversation.id}/messages`, { body: 'hi' })).status).toBe(201);
    await expect.poll(() => frames.some((f) => f.type === 'message.created')).toBe(true);
    expect((await alice.api.post('/posts', { body: 'queued at close' })).status).toBe(201);
    const closed = new Promise((resolve) => ws.once('close', resolve));
    ws.close();
    await closed;
    expect(frames.some((f) => f.type === 'ready')).toBe(true);
    await expect.poll(() => t.ctx.hub.connectionCount).toBe(0);
    // Past the next feed batch, whose list may still name it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await collect();
    expect(mine.socket.deref()).toBeUndefined();
  });
});
