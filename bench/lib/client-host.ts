/**
 * A load-generator process of the realtime scenarios, started by `clients.ts` with fork() (never by
 * hand): it holds WebSocket clients of `/api/v1/stream` and, for `users`, simulated people acting
 * over HTTP, and answers the harness over IPC. Several of these spread the clients over processes,
 * and the harness reads each one's CPU from /proc, so the generator's own limit is visible.
 */
import { WebSocket } from 'ws';
import { HttpClient } from './http.js';
import { Random } from './random.js';
import { monotonicMs, sleep, watchOwnPauses } from './custom.js';

const READY = Buffer.from('{"type":"ready"');
const ID_KEY = Buffer.from('"id":"');
const MESSAGE_CREATED = Buffer.from('{"type":"message.created"');

// ---------------------------------------------------------------------------------------------
// Sockets

interface Client {
  ws: WebSocket;
  /** The last event id seen (for ?since= on reconnect). */
  lastId: string;
  onFrame: ((data: Buffer) => void) | null;
}

/** The event id of a frame (`{"type":"…","id":"123",…}`), read without parsing the JSON. */
function frameId(data: Buffer): string | null {
  const at = data.indexOf(ID_KEY);
  if (at < 0 || at > 64) return null; // only the top-level id, which follows the type
  const from = at + ID_KEY.length;
  const to = data.indexOf(34, from); // '"'
  return to > from ? data.toString('latin1', from, to) : null;
}

/** Open a stream and wait for its `ready` (the backlog, if any, comes before it). */
function connect(url: string, token: string, since: string | null, timeoutMs: number): Promise<Client> {
  return new Promise((resolve, reject) => {
    const q = `token=${encodeURIComponent(token)}${since ? `&since=${since}` : ''}`;
    const ws = new WebSocket(`${url}?${q}`, { perMessageDeflate: false, handshakeTimeout: timeoutMs });
    const client: Client = { ws, lastId: since ?? '0', onFrame: null };
    let ready = false;
    const timer = setTimeout(() => fail(`no ready within ${timeoutMs} ms`), timeoutMs);
    function fail(why: string) {
      if (ready) return;
      ready = true; // settled
      clearTimeout(timer);
      ws.terminate();
      reject(new Error(why));
    }
    ws.on('message', (data: Buffer) => {
      const id = frameId(data);
      if (id) client.lastId = id;
      if (!ready) {
        if (data.indexOf(READY) === 0) {
          ready = true;
          clearTimeout(timer);
          resolve(client);
        }
        return;
      }
      client.onFrame?.(data);
    });
    ws.on('unexpected-response', (_req, res) => fail(`handshake answered HTTP ${res.statusCode}`));
    ws.on('error', (err) => fail(`${(err as NodeJS.ErrnoException).code ?? ''} ${err.message}`.trim()));
    ws.on('close', (code, reason) => fail(`closed before ready: ${code} ${reason.toString()}`));
  });
}

/** Run `fn` for 0..count-1 with at most `concurrency` at a time; stop starting new ones once `stop()` says so. */
async function pool(count: number, concurrency: number, fn: (i: number) => Promise<void>, stop: () => boolean) {
  let next = 0;
  const worker = async () => {
    while (next < count && !stop()) await fn(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

const sockets: Client[] = [];

interface OpenArgs {
  url: string;
  tokens: string[];
  count: number;
  concurrency: number;
  /** Stop opening at the first failure (sockets: find where it stops), else try them all. */
  stopOnFailure: boolean;
  timeoutMs: number;
}

async function open(a: OpenArgs) {
  const started = monotonicMs();
  let failed = 0;
  let firstFailure: string | null = null;
  const base = sockets.length;
  await pool(
    a.count,
    a.concurrency,
    async (i) => {
      try {
        const c = await connect(a.url, a.tokens[i % a.tokens.length], null, a.timeoutMs);
        sockets[base + i] = c;
        c.ws.on('close', () => {
          if (!closing) dropped++;
        });
      } catch (err) {
        failed++;
        firstFailure ??= `socket ${base + i + 1}: ${(err as Error).message}`;
      }
    },
    () => a.stopOnFailure && failed > 0,
  );
  // Keep the array dense: a failed slot is left out.
  for (let i = sockets.length - 1; i >= 0; i--) if (!sockets[i]) sockets.splice(i, 1);
  return { opened: sockets.length - base, failed, firstFailure, seconds: (monotonicMs() - started) / 1000, open: sockets.length };
}

let closing = false;
/** Sockets the server closed (not we). */
let dropped = 0;

async function closeAll() {
  closing = true;
  const started = monotonicMs();
  const all = sockets.splice(0);
  await Promise.all(
    all.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.ws.readyState === WebSocket.CLOSED) return resolve();
          const t = setTimeout(() => {
            c.ws.terminate();
            resolve();
          }, 10_000);
          c.ws.once('close', () => {
            clearTimeout(t);
            resolve();
          });
          c.ws.close(1000, 'bench done');
        }),
    ),
  );
  closing = false;
  return { closed: all.length, seconds: (monotonicMs() - started) / 1000, droppedByServer: dropped };
}

// ---------------------------------------------------------------------------------------------
// fanout: the arrival time of every `message.created` of the sender, per socket

let fanout: { tag: Buffer; messages: number; arrivals: Float64Array; duplicates: number; received: number } | null = null;

/**
 * The client processes run with --expose-gc: a fan-out collects what the steps before it left in
 * this process (opening sockets, the warm-up) before it measures, so that the instrument's own
 * collections do not show as the server's latency.
 */
const collectOwnGarbage = () => (globalThis as { gc?: () => void }).gc?.();

function fanoutArm(a: { tag: string; messages: number }) {
  collectOwnGarbage();
  const f = { tag: Buffer.from(a.tag), messages: a.messages, arrivals: new Float64Array(sockets.length * a.messages).fill(NaN), duplicates: 0, received: 0 };
  fanout = f;
  sockets.forEach((c, s) => {
    c.onFrame = (data) => {
      const t = monotonicMs(); // first, before any work on the frame
      if (data.indexOf(MESSAGE_CREATED) !== 0) return;
      const at = data.indexOf(f.tag);
      if (at < 0) return;
      let n = 0;
      for (let i = at + f.tag.length; i < data.length; i++) {
        const d = data[i] - 48;
        if (d < 0 || d > 9) break;
        n = n * 10 + d;
      }
      if (n >= f.messages) return;
      const slot = s * f.messages + n;
      if (Number.isNaN(f.arrivals[slot])) {
        f.arrivals[slot] = t;
        f.received++;
      } else {
        f.duplicates++;
      }
    };
  });
  return { clients: sockets.length };
}

/**
 * fanout's sender, in a process of its own: the harness's process carries the garbage of the loads
 * before (a 33 ms collection of it once delayed a whole run of sends, which then went in a burst).
 * Warm-up messages wait for each answer; measured ones go on a fixed schedule, whatever the answers.
 */
interface FanoutSend {
  url: string;
  token: string;
  path: string;
  /** Message bodies: `${prefix}${i}${suffix}`; client ids `${clientIdPrefix}${i}`. */
  prefix: string;
  suffix: string;
  clientIdPrefix: string;
  messages: number;
  intervalMs: number;
}

/** Message `i` of a fan-out run. */
const postMessage = (http: HttpClient, a: FanoutSend, i: number) =>
  http.request('POST', a.path, a.token, { body: `${a.prefix}${i}${a.suffix}`, clientId: `${a.clientIdPrefix}${i}` });

async function fanoutWarmUp(a: FanoutSend) {
  const http = new HttpClient(a.url, 4);
  try {
    for (let i = 0; i < a.messages; i++) {
      const r = await postMessage(http, a, i);
      if (r.status !== 201) throw new Error(`warm-up message ${i}: ${r.status} ${r.body.slice(0, 160)}`);
      await sleep(a.intervalMs);
    }
    return {};
  } finally {
    http.close();
  }
}

async function fanoutSend(a: FanoutSend) {
  const http = new HttpClient(a.url, 64);
  const sentAt = new Float64Array(a.messages).fill(NaN);
  const answered = new Float64Array(a.messages).fill(NaN);
  const errors: string[] = [];
  collectOwnGarbage();
  const own = watchOwnPauses();
  try {
    const start = monotonicMs() + 10;
    const posts: Promise<void>[] = [];
    for (let i = 0; i < a.messages; i++) {
      const wait = start + i * a.intervalMs - monotonicMs();
      if (wait > 0) await sleep(wait);
      const t = monotonicMs();
      sentAt[i] = t;
      posts.push(
        postMessage(http, a, i).then(
          (r) => {
            if (r.status === 201) answered[i] = monotonicMs() - t;
            else errors.push(`message ${i}: ${r.status} ${r.body.slice(0, 160)}`);
          },
          (err: unknown) => void errors.push(`message ${i}: ${(err as Error).message}`),
        ),
      );
    }
    await Promise.all(posts);
    return { start, sentAt, answered, errors, pauses: own.stop() };
  } finally {
    http.close();
  }
}

function fanoutCollect() {
  const f = fanout;
  fanout = null;
  for (const c of sockets) c.onFrame = null;
  if (!f) throw new Error('fanout was not armed');
  return { arrivals: f.arrivals, duplicates: f.duplicates, received: f.received, clients: sockets.length };
}

// ---------------------------------------------------------------------------------------------
// users: simulated people on a Mattermost-like action mix (docs/benchmarks.md, "users")

export type Action = 'switch' | 'scroll' | 'unreads' | 'post' | 'direct' | 'react' | 'search' | 'reconnect';

export interface UsersCatalog {
  url: string;
  wsUrl: string;
  seed: number;
  /** Relative weight of each action (Mattermost's simulcontroller frequencies, mapped). */
  weights: Record<Action, number>;
  /** Idle time between one's actions: uniform in [min, 2 avg - min), Mattermost's PickIdleTimeMs. */
  minIdleMs: number;
  avgIdleMs: number;
  /** People to open direct conversations with and search for, company posts to like, public groups. */
  people: { id: string; handle: string }[];
  posts: string[];
  publicGroups: string[];
}

export interface SimUserSpec {
  token: string;
  userId: string;
  /** The groups this person belongs to. */
  groups: string[];
}

interface SimUser extends SimUserSpec {
  client: Client | null;
  cursor: string | null;
  scrolled: number;
  dms: string[];
  /** The newest message marked read, per conversation. */
  read: Map<string, string>;
  reconnecting: boolean;
}

interface Window {
  latencies: Float64Array;
  n: number;
  /** Latencies by action, for the slowest kinds of request. */
  byAction: Record<string, number[]>;
  requests: Record<string, number>;
  errors: Record<string, number>;
  actions: number;
  samples: string[];
  frames: number;
}

const newWindow = (): Window => ({ latencies: new Float64Array(4096), n: 0, byAction: {}, requests: {}, errors: {}, actions: 0, samples: [], frames: 0 });

let users: {
  catalog: UsersCatalog;
  http: HttpClient;
  rnd: Random;
  list: SimUser[];
  stopped: boolean;
  timers: Set<NodeJS.Timeout>;
  window: Window;
  chats: Map<string, Promise<string | null>>;
  pick: (r: number) => Action;
  counter: number;
} | null = null;

function usersInit(catalog: UsersCatalog) {
  const actions = Object.keys(catalog.weights) as Action[];
  const total = actions.reduce((s, k) => s + catalog.weights[k], 0);
  let acc = 0;
  const cumulative = actions.map((k) => (acc += catalog.weights[k] / total));
  users = {
    catalog,
    http: new HttpClient(catalog.url, 512),
    rnd: new Random(catalog.seed),
    list: [],
    stopped: false,
    timers: new Set(),
    window: newWindow(),
    chats: new Map(),
    pick: (r) => actions[cumulative.findIndex((c) => r < c)] ?? actions[actions.length - 1],
    counter: 0,
  };
  return { actions };
}

/** One request (or socket attempt) of an action; `ms` null: not a timed request (a socket the server dropped, a bench bug). */
function record(action: string, ms: number | null, error: string | null) {
  // An action still in flight when the users were stopped has nothing to count into.
  if (!users) return;
  const w = users.window;
  if (ms !== null) {
    if (w.n === w.latencies.length) {
      const bigger = new Float64Array(w.latencies.length * 2);
      bigger.set(w.latencies);
      w.latencies = bigger;
    }
    w.latencies[w.n++] = ms;
    (w.byAction[action] ??= []).push(ms);
  }
  w.requests[action] = (w.requests[action] ?? 0) + 1;
  if (error) {
    w.errors[action] = (w.errors[action] ?? 0) + 1;
    if (w.samples.length < 10) w.samples.push(`${action}: ${error}`);
  }
}

/** One request of an action, timed and counted; null when it failed. */
async function call(u: SimUser, action: Action, method: string, path: string, body?: unknown): Promise<string | null> {
  const t = monotonicMs();
  const route = `${method} ${path.replace(/[0-9A-HJKMNP-TV-Z]{26}/g, ':id').replace(/\?.*/, '')}`;
  try {
    const r = await users!.http.request(method, path, u.token, body);
    const ok = r.status < 400;
    record(action, monotonicMs() - t, ok ? null : `${route} answered ${r.status} ${r.body.slice(0, 120)}`);
    return ok ? r.body : null;
  } catch (err) {
    record(action, monotonicMs() - t, `${route}: ${(err as Error).message}`);
    return null;
  }
}

const pickOf = <T>(list: readonly T[]) => list[users!.rnd.int(list.length)];

/** A group's chat id (asked once per process, by the first member who opens it). */
function chatOf(u: SimUser, action: Action, groupId: string): Promise<string | null> {
  let p = users!.chats.get(groupId);
  if (!p) {
    p = call(u, action, 'GET', `/api/v1/groups/${groupId}/chat`).then((b) => (b ? (JSON.parse(b) as { conversation: { id: string } }).conversation.id : null));
    users!.chats.set(groupId, p);
    void p.then((id) => id ?? users?.chats.delete(groupId));
  }
  return p;
}

/** Open a conversation: its newest messages, then mark the newest read (as a client does on view). */
async function viewConversation(u: SimUser, action: Action, id: string) {
  const body = await call(u, action, 'GET', `/api/v1/conversations/${id}/messages`);
  if (!body) return;
  const newest = (JSON.parse(body) as { items: { id: string }[] }).items[0]?.id;
  if (newest && u.read.get(id) !== newest) {
    u.read.set(id, newest);
    await call(u, action, 'POST', `/api/v1/conversations/${id}/read`, { messageId: newest });
  }
}

const nextCursor = (body: string) => {
  const mark = '"nextCursor":"';
  const at = body.lastIndexOf(mark);
  return at < 0 ? null : body.slice(at + mark.length, body.indexOf('"', at + mark.length));
};

const BODIES = [
  'Quick update: the rollout is done, thanks everyone.',
  'Has anyone got the numbers for last week? I need them for the review.',
  'Lunch at 12:30 in the usual place?',
  'Pushed the fix, please have a look when you can. #release',
  'Thanks @{who} for the help today!',
];

function text(): string {
  const { catalog } = users!;
  return `${pickOf(BODIES).replace('{who}', pickOf(catalog.people).handle)} (${++users!.counter})`;
}

const ACTIONS: Record<Action, (u: SimUser) => Promise<void>> = {
  /** Switch to a group (its feed), a group's chat or a direct conversation of one's own. */
  async switch(u) {
    const { rnd, catalog } = users!;
    const choices = u.groups.length * 2 + u.dms.length;
    if (choices === 0) {
      if (catalog.publicGroups.length) await call(u, 'switch', 'GET', `/api/v1/groups/${pickOf(catalog.publicGroups)}/posts`);
      return;
    }
    const k = rnd.int(choices);
    if (k < u.groups.length) {
      await call(u, 'switch', 'GET', `/api/v1/groups/${u.groups[k]}/posts`);
      return;
    }
    const id = k < 2 * u.groups.length ? await chatOf(u, 'switch', u.groups[k - u.groups.length]) : u.dms[k - 2 * u.groups.length];
    if (id) await viewConversation(u, 'switch', id);
  },
  /** Scroll the home feed: the next page, back to the top after five. */
  async scroll(u) {
    if (u.scrolled >= 5) [u.cursor, u.scrolled] = [null, 0];
    const body = await call(u, 'scroll', 'GET', u.cursor ? `/api/v1/feed?cursor=${encodeURIComponent(u.cursor)}` : '/api/v1/feed');
    u.cursor = body ? nextCursor(body) : null;
    u.scrolled++;
  },
  async unreads(u) {
    await call(u, 'unreads', 'GET', '/api/v1/conversations');
  },
  /** Half messages (a group chat of one's own or a direct conversation), half posts (30 % of them in a group of one's own). */
  async post(u) {
    const { rnd } = users!;
    if (rnd.next() < 0.5 && u.groups.length + u.dms.length > 0) {
      const k = rnd.int(u.groups.length + u.dms.length);
      const id = k < u.groups.length ? await chatOf(u, 'post', u.groups[k]) : u.dms[k - u.groups.length];
      if (id) await call(u, 'post', 'POST', `/api/v1/conversations/${id}/messages`, { body: text(), clientId: `u${users!.counter}-${rnd.int(1e9)}` });
      return;
    }
    const groupId = u.groups.length && rnd.next() < 0.3 ? pickOf(u.groups) : undefined;
    await call(u, 'post', 'POST', '/api/v1/posts', groupId ? { body: text(), groupId } : { body: text() });
  },
  /** Open (or start) a direct conversation with a colleague and read it. */
  async direct(u) {
    const { catalog } = users!;
    const peer = pickOf(catalog.people);
    if (peer.id === u.userId) return;
    const body = await call(u, 'direct', 'POST', '/api/v1/conversations', { memberIds: [peer.id] });
    if (!body) return;
    const id = (JSON.parse(body) as { conversation: { id: string } }).conversation.id;
    if (!u.dms.includes(id)) {
      u.dms.push(id);
      if (u.dms.length > 10) u.dms.shift();
    }
    await viewConversation(u, 'direct', id);
  },
  async react(u) {
    const { catalog } = users!;
    if (catalog.posts.length) await call(u, 'react', 'PUT', `/api/v1/posts/${pickOf(catalog.posts)}/reactions/like`);
  },
  /** The people directory, by the first letters of someone's handle. */
  async search(u) {
    const { catalog, rnd } = users!;
    const q = pickOf(catalog.people).handle.slice(0, 2 + rnd.int(3));
    await call(u, 'search', 'GET', `/api/v1/users?q=${encodeURIComponent(q)}`);
  },
  /** Drop the socket and come back with ?since=<last event id>: the missed events, then ready. */
  async reconnect(u) {
    const old = u.client;
    u.reconnecting = true;
    old?.ws.close(1000, 'reconnect');
    const t = monotonicMs();
    try {
      u.client = await attach(u, old?.lastId ?? null);
      record('reconnect', monotonicMs() - t, null);
    } catch (err) {
      u.client = null;
      record('reconnect', monotonicMs() - t, `reconnect: ${(err as Error).message}`);
    } finally {
      u.reconnecting = false;
    }
  },
};

/** A user's stream: frames are counted; a close we did not ask for is an error, and he reconnects. */
async function attach(u: SimUser, since: string | null): Promise<Client> {
  const { catalog } = users!;
  const c = await connect(catalog.wsUrl, u.token, since, 30_000);
  c.onFrame = () => void users!.window.frames++;
  c.ws.on('close', (code, reason) => {
    if (!users || users.stopped || u.reconnecting || u.client !== c) return;
    record('socket', null, `the server closed the socket: ${code} ${reason.toString()}`);
    u.client = null;
    void ACTIONS.reconnect(u);
  });
  return c;
}

function schedule(u: SimUser, ms: number) {
  const s = users!;
  const t = setTimeout(() => {
    s.timers.delete(t);
    if (s.stopped) return;
    const action = s.pick(s.rnd.next());
    s.window.actions++;
    void ACTIONS[action](u)
      .catch((err: unknown) => record(action, null, `bench bug: ${(err as Error).message}`))
      .finally(() => {
        if (!s.stopped) schedule(u, idle());
      });
  }, ms);
  s.timers.add(t);
}

/** Mattermost's PickIdleTimeMs: uniform in [min, 2 avg - min), so the mean is avg. */
function idle() {
  const { catalog, rnd } = users!;
  return catalog.minIdleMs + rnd.next() * (2 * catalog.avgIdleMs - 2 * catalog.minIdleMs);
}

async function usersAdd(a: { users: SimUserSpec[]; concurrency: number }) {
  const s = users!;
  const started = monotonicMs();
  let failed = 0;
  let firstFailure: string | null = null;
  await pool(
    a.users.length,
    a.concurrency,
    async (i) => {
      const u: SimUser = { ...a.users[i], client: null, cursor: null, scrolled: 0, dms: [], read: new Map(), reconnecting: false };
      const t0 = monotonicMs();
      try {
        u.client = await attach(u, null);
      } catch (err) {
        failed++;
        firstFailure ??= (err as Error).message;
        record('connect', monotonicMs() - t0, `connect: ${(err as Error).message}`);
        return;
      }
      s.list.push(u);
      // The first action at a random point of one idle period: the users' actions interleave evenly.
      schedule(u, s.rnd.next() * 2 * s.catalog.avgIdleMs);
    },
    () => false,
  );
  return { added: a.users.length - failed, failed, firstFailure, seconds: (monotonicMs() - started) / 1000, total: s.list.length };
}

/** What happened since the last call (and start a new window). */
function usersWindow() {
  const s = users!;
  const w = s.window;
  s.window = newWindow();
  return { latencies: w.latencies.slice(0, w.n), byAction: w.byAction, requests: w.requests, errors: w.errors, actions: w.actions, samples: w.samples, frames: w.frames, connected: s.list.filter((u) => u.client).length };
}

async function usersStop() {
  const s = users;
  if (!s) return { closed: 0 };
  s.stopped = true;
  for (const t of s.timers) clearTimeout(t);
  const clients = s.list.flatMap((u) => (u.client ? [u.client] : []));
  await Promise.all(
    clients.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.ws.readyState === WebSocket.CLOSED) return resolve();
          const t = setTimeout(() => (c.ws.terminate(), resolve()), 10_000);
          c.ws.once('close', () => (clearTimeout(t), resolve()));
          c.ws.close(1000, 'bench done');
        }),
    ),
  );
  s.http.close();
  users = null;
  return { closed: clients.length };
}

// ---------------------------------------------------------------------------------------------
// IPC

const handlers: Record<string, (args: never) => unknown> = {
  hello: () => ({ pid: process.pid }),
  open,
  closeAll,
  fanoutArm,
  fanoutWarmUp,
  fanoutSend,
  fanoutCount: () => ({ received: fanout?.received ?? 0 }),
  fanoutCollect,
  usersInit,
  usersAdd,
  usersWindow,
  usersStop,
};

process.on('message', (m: { id: number; cmd: string; args: unknown }) => {
  void (async () => {
    try {
      const fn = handlers[m.cmd] as ((a: unknown) => unknown) | undefined;
      if (!fn) throw new Error(`unknown command ${m.cmd}`);
      process.send!({ id: m.id, ok: true, value: await fn(m.args) });
    } catch (err) {
      process.send!({ id: m.id, ok: false, error: (err as Error).stack ?? String(err) });
    }
  })();
});
process.on('disconnect', () => process.exit(0));
