import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialect } from '../harness.js';
import { freePort, freshStore, seedPeople, ServerProcess, type Store } from '../server-process.js';
import { openStream } from '../stream-client.js';

/**
 * Two server processes on one PostgreSQL database and one Redis, behind no sticky routing (issue 4):
 * they must behave as one. The safety-net poll is switched off, so whatever crosses from one node to
 * the other crossed through Redis.
 */
describe.runIf(testDialect === 'postgres')('two nodes on PostgreSQL and Redis', () => {
  let store: Store;
  let A: ServerProcess, B: ServerProcess;
  let people: Record<string, { id: string; token: string }>;
  let conversation: string;

  beforeAll(async () => {
    if (!process.env.REDIS_URL) throw new Error('The PostgreSQL run needs REDIS_URL (the two-node test uses Redis)');
    store = await freshStore();
    const env = { REDIS_URL: process.env.REDIS_URL, REDIS_PREFIX: `atrium-2n-${process.pid}-${Date.now()}`, STREAM_POLL_MS: '3600000' };
    A = await ServerProcess.start(store, env);
    B = await ServerProcess.start(store, env);
    people = await seedPeople(A, ['alice', 'bob', 'carol']);
    conversation = (await A.call('POST', '/conversations', people.alice.token, { memberIds: [people.bob.id] })).body.conversation.id;
  });
  afterAll(async () => {
    await A?.kill();
    await B?.kill();
    await store?.remove();
  });

  const send = (node: ServerProcess, body: string, clientId?: string) =>
    node.call('POST', `/conversations/${conversation}/messages`, people.alice.token, { body, ...(clientId ? { clientId } : {}) });

  it('a message sent through node A reaches a client on node B at once', async () => {
    const bobOnB = await openStream(B.url, { token: people.bob.token });
    const sent = await send(A, 'hello across nodes');
    expect(sent.status).toBe(201);
    const frame = await bobOnB.waitType('message.created', (d) => d.message.id === sent.body.message.id, 3000);
    expect(frame.data.conversationId).toBe(conversation);
    await bobOnB.close();
  });

  it('no sticky routing: a write on one node is read on the other, and a retry on the other node is not a duplicate', async () => {
    const first = await send(A, 'idempotent across nodes', 'two-node-retry-1');
    const retry = await send(B, 'idempotent across nodes', 'two-node-retry-1');
    expect(first.status).toBe(201);
    expect(retry.status).toBe(200);
    expect(retry.body.message.id).toBe(first.body.message.id);
    const onB = await B.call('GET', `/conversations/${conversation}/messages`, people.bob.token);
    expect(onB.body.items[0].id).toBe(first.body.message.id);
  });

  it('presence is correct across nodes', async () => {
    const watcher = await openStream(A.url, { token: people.alice.token });
    watcher.send({ type: 'presence.subscribe', userIds: [people.carol.id] });
    await watcher.waitType('presence', (d) => d.userId === people.carol.id && d.status === 'offline');
    const carolOnB = await openStream(B.url, { token: people.carol.token });
    await watcher.waitType('presence', (d) => d.userId === people.carol.id && d.status === 'online');
    // A second socket on the other node, then the first one closes: she is still online.
    const carolOnA = await openStream(A.url, { token: people.carol.token });
    await carolOnB.close();
    const late = await openStream(A.url, { token: people.alice.token });
    late.send({ type: 'presence.subscribe', userIds: [people.carol.id] });
    await late.waitType('presence', (d) => d.userId === people.carol.id && d.status === 'online');
    await carolOnA.close();
    const offline = () => watcher.frames.filter((f) => f.type === 'presence' && f.data.status === 'offline');
    await watcher.waitFor(() => offline().length === 2);
    // Online once, offline once after each stretch: no flapping while she had a socket somewhere.
    expect(watcher.frames.filter((f) => f.type === 'presence').map((f) => f.data.status)).toEqual(['offline', 'online', 'offline']);
    await Promise.all([watcher.close(), late.close()]);
  });

  it('node A is killed: its clients reconnect to node B and miss no message', async () => {
    const bobOnA = await openStream(A.url, { token: people.bob.token });
    const sent: string[] = [];
    let sending = true;
    const sender = (async () => {
      for (let i = 0; sending || i < 40; i++) {
        const res = await send(B, `message ${i}`);
        expect(res.status).toBe(201);
        sent.push(res.body.message.id);
        if (i >= 60) break;
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    await bobOnA.waitFor(() => bobOnA.events.length >= 5);
    await A.kill('SIGKILL');
    const { code } = await bobOnA.closed;
    expect(code).toBe(1006); // abnormal: no close frame from a killed process
    const last = bobOnA.events.at(-1)!.id!;
    const bobOnB = await openStream(B.url, { token: people.bob.token, since: last });
    sending = false;
    await sender;
    await bobOnB.waitType('message.created', (d) => d.message.id === sent.at(-1));
    const received = [...bobOnA.events, ...bobOnB.events].filter((f) => f.type === 'message.created').map((f) => f.data.message.id as string);
    expect(new Set(received).size).toBe(received.length);
    expect(received.slice(received.indexOf(sent[0]))).toEqual(sent);
    await bobOnB.close();
  });
});

/**
 * SECURITY.md #28: Redis flushed or gone. Two nodes on a Redis of their own: while it is down,
 * events still cross (each node reads the events table; the poll finds them) and nothing is lost;
 * when it comes back empty, presence is whole again within a beat.
 */
describe.runIf(testDialect === 'postgres')('two nodes while Redis goes away and comes back empty', () => {
  let store: Store;
  let A: ServerProcess, B: ServerProcess;
  let redis: ChildProcess | null = null;
  let port = 0;
  let people: Record<string, { id: string; token: string }>;

  const startRedis = async () => {
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    for (let i = 0; i < 50; i++) {
      try {
        await new Promise<void>((resolve, reject) => {
          const s = net.connect(port, '127.0.0.1', () => (s.end(), resolve()));
          s.on('error', reject);
        });
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error('redis-server did not start');
  };
  const stopRedis = async () => {
    const r = redis;
    redis = null;
    if (!r || r.exitCode !== null) return;
    await new Promise((resolve) => (r.once('exit', resolve), r.kill('SIGKILL')));
  };

  beforeAll(async () => {
    port = await freePort();
    await startRedis();
    store = await freshStore();
    const env = { REDIS_URL: `redis://127.0.0.1:${port}`, STREAM_POLL_MS: '300' };
    A = await ServerProcess.start(store, env);
    B = await ServerProcess.start(store, env);
    people = await seedPeople(A, ['alice', 'bob']);
  });
  afterAll(async () => {
    await A?.kill();
    await B?.kill();
    await stopRedis();
    await store?.remove();
  });

  it('loses nothing while Redis is down, and rebuilds presence when it is back', async () => {
    const conv = (await A.call('POST', '/conversations', people.alice.token, { memberIds: [people.bob.id] })).body.conversation.id;
    const bobOnB = await openStream(B.url, { token: people.bob.token });
    const watcher = await openStream(A.url, { token: people.alice.token });
    watcher.send({ type: 'presence.subscribe', userIds: [people.bob.id] });
    await watcher.waitType('presence', (d) => d.userId === people.bob.id && d.status === 'online');

    await stopRedis();
    const during = await A.call('POST', `/conversations/${conv}/messages`, people.alice.token, { body: 'while Redis is down' });
    expect(during.status).toBe(201);
    await bobOnB.waitType('message.created', (d) => d.message.id === during.body.message.id, 10_000);

    await startRedis(); // empty: every presence key is gone
    await new Promise((r) => setTimeout(r, 7000)); // a beat (5 s) rebuilds each node's set
    const late = await openStream(A.url, { token: people.alice.token });
    late.send({ type: 'presence.subscribe', userIds: [people.bob.id] });
    await late.waitType('presence', (d) => d.userId === people.bob.id && d.status === 'online');
    const after = await A.call('POST', `/conversations/${conv}/messages`, people.alice.token, { body: 'Redis is back' });
    await bobOnB.waitType('message.created', (d) => d.message.id === after.body.message.id, 5000);
    const ids = bobOnB.events.filter((f) => f.type === 'message.created').map((f) => f.data.message.id);
    expect(ids).toEqual([during.body.message.id, after.body.message.id]);
    await Promise.all([bobOnB.close(), watcher.close(), late.close()]);
  }, 60_000);
});
