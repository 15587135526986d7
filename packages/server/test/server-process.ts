import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freshPostgres, testDialect } from './harness.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Where a server process keeps its data: a fresh SQLite file, or a fresh PostgreSQL database in the PostgreSQL run. */
export interface Store {
  dataDir: string;
  databaseUrl: string;
  remove(): Promise<void>;
}

export async function freshStore(): Promise<Store> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-proc-'));
  const pgDb = testDialect === 'postgres' ? await freshPostgres(process.env.ATRIUM_TEST_DATABASE_URL!) : null;
  return {
    dataDir,
    databaseUrl: pgDb?.url ?? `sqlite:${path.join(dataDir, 'atrium.db')}`,
    async remove() {
      await pgDb?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The real server as its own process (`node packages/server/src/main.ts`), as `npm start` runs it. */
export class ServerProcess {
  private child: ChildProcess | null = null;
  output = '';
  readonly url: string;

  private constructor(
    readonly port: number,
    private env: Record<string, string>,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  static async start(store: Store, env: Record<string, string> = {}): Promise<ServerProcess> {
    const server = new ServerProcess(await freePort(), {
      ATRIUM_DATA_DIR: store.dataDir,
      DATABASE_URL: store.databaseUrl,
      ATRIUM_WEB_DIR: '',
      LOG_LEVEL: 'warn',
      WRITE_LIMIT_PER_MINUTE: '100000',
      ...env,
    });
    await server.restart();
    return server;
  }

  /** Start (again, on the same port and data) and wait until it answers. */
  async restart() {
    const child = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(this.port), HOST: '127.0.0.1', PUBLIC_URL: this.url, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout!.on('data', (d) => (this.output += d));
    child.stderr!.on('data', (d) => (this.output += d));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited early:\n${this.output}`);
      try {
        if ((await fetch(`${this.url}/api/v1/health`)).ok) return;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) throw new Error(`server did not start:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** SIGKILL: no shutdown code runs, as in a crash or a power cut of the process. */
  async kill(signal: NodeJS.Signals = 'SIGKILL') {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
  }

  stop() {
    return this.kill('SIGTERM');
  }

  /** JSON over real HTTP. */
  async call(method: string, url: string, token?: string, body?: unknown): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.url}/api/v1${url}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }
}

/** Set up the organization and members with passwords over HTTP; answers their bearer tokens. */
export async function seedPeople(server: ServerProcess, names: string[]) {
  const password = 'a long password 123';
  const setup = await server.call('POST', '/setup', undefined, { orgName: 'Acme', admin: { email: 'admin@acme.test', name: 'Ada Admin', password } });
  if (setup.status !== 201) throw new Error(`setup: ${setup.status} ${JSON.stringify(setup.body)}`);
  const people: Record<string, { id: string; token: string }> = { admin: { id: setup.body.user.id, token: setup.body.token } };
  for (const name of names) {
    const email = `${name}@acme.test`;
    const made = await server.call('POST', '/users', setup.body.token, { email, name, role: 'member', password });
    if (made.status !== 201) throw new Error(`create ${name}: ${made.status} ${JSON.stringify(made.body)}`);
    const login = await server.call('POST', '/auth/login', undefined, { email, password });
    people[name] = { id: made.body.user.id, token: login.body.token };
  }
  return people;
}
