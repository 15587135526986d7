import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import { openFileLimit, ROOT } from './processes.js';

/**
 * The harness's side of `client-host.ts`: client processes that hold WebSockets (and simulated
 * users) for the realtime scenarios. Each is a separate Node process (own event loop, own open-file
 * limit, own CPU read from /proc), driven by request/answer messages over IPC.
 */
export class ClientHost {
  private seq = 0;
  private waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private exited: Promise<void>;

  private constructor(
    private child: ChildProcess,
    readonly pid: number,
  ) {
    child.on('message', (m: { id: number; ok: boolean; value?: unknown; error?: string }) => {
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (m.ok) w.resolve(m.value);
      else w.reject(new Error(`client process ${pid}: ${m.error}`));
    });
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        for (const w of this.waiting.values()) w.reject(new Error(`client process ${pid} exited (${code ?? signal})`));
        this.waiting.clear();
        resolve();
      }),
    );
  }

  static async start(): Promise<ClientHost> {
    const child = fork(path.join(ROOT, 'bench/lib/client-host.ts'), [], {
      cwd: ROOT,
      execArgv: ['--expose-gc', '--import', 'tsx'], // gc(): see client-host.ts's collectOwnGarbage
      serialization: 'advanced', // typed arrays of latencies cross as they are
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const host = new ClientHost(child, child.pid!);
    await host.call('hello', {});
    return host;
  }

  /** The open-file limit of this client process (Node raises its soft limit to the hard one at start). */
  get fileLimit(): number | null {
    return openFileLimit(this.pid);
  }

  call<T = unknown>(cmd: string, args: unknown): Promise<T> {
    const id = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ id, cmd, args });
    });
  }

  async stop() {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    await this.exited;
  }
}

/** Start `n` client processes. */
export async function startHosts(n: number): Promise<ClientHost[]> {
  return Promise.all(Array.from({ length: n }, () => ClientHost.start()));
}

export async function stopHosts(hosts: ClientHost[]) {
  await Promise.all(hosts.map((h) => h.stop()));
}

/** Split `items` into `n` near-equal consecutive parts. */
export function split<T>(items: T[], n: number): T[][] {
  const parts: T[][] = [];
  for (let i = 0; i < n; i++) parts.push(items.slice(Math.floor((i * items.length) / n), Math.floor(((i + 1) * items.length) / n)));
  return parts;
}
