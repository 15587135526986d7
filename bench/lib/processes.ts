import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');

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

export interface Server {
  pid: number;
  url: string;
  /** What the process printed (stdout and stderr), for failures. */
  output(): string;
  /** SIGTERM, and wait for the exit (a --cpu-prof profile is written then). */
  stop(): Promise<void>;
  /**
   * The live heap and external memory after a full collection, and the young generation's size
   * before and after it; null when the server was not started with the memory probe (`startNode`'s
   * `memoryProbe`).
   */
  liveMemory(): Promise<LiveMemory | null>;
}

export interface LiveMemory {
  /** heapUsed + external (Buffers and other memory V8 is told of), in bytes. */
  live: number;
  heapUsed: number;
  external: number;
  /** The young generation's committed size when asked (before the collection) and after it, in bytes. */
  young: number;
  youngAfter: number;
}

const MEMORY_PROBE = path.join(ROOT, 'bench/lib/memory-probe.mjs');

/**
 * The Node flags `npm run serve` (package.json) starts the server with, so that the bench measures
 * the server as it runs (the young generation's size, above all: docs/benchmarks.md).
 */
export function serveNodeFlags(): string[] {
  const serve = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.serve;
  const words = serve.trim().split(/\s+/);
  const end = words.indexOf('--import');
  if (words[0] !== 'node' || end < 0) throw new Error(`package.json "serve" is not "node [flags] --import tsx …": ${serve}`);
  return words.slice(1, end);
}

/** Start `node [nodeArgs] --import tsx <script>` as a separate process and wait until `readyPath` answers 200. */
export async function startNode(
  script: string,
  env: Record<string, string>,
  opts: { readyPath: string; nodeArgs?: string[]; memoryProbe?: boolean },
): Promise<Server> {
  const port = await freePort();
  const memoryFile = opts.memoryProbe ? path.join(os.tmpdir(), `atrium-bench-memory-${process.pid}-${port}.json`) : null;
  const probe = memoryFile ? ['--import', MEMORY_PROBE] : [];
  const child: ChildProcess = spawn(process.execPath, [...(opts.nodeArgs ?? []), ...probe, '--import', 'tsx', script], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ...env, ...(memoryFile ? { BENCH_MEMORY_FILE: memoryFile } : {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-20_000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  // A whole copy of what the server printed (--trace-gc and the like), for investigations.
  if (process.env.BENCH_SERVER_OUTPUT) {
    const file = fs.createWriteStream(process.env.BENCH_SERVER_OUTPUT, { flags: 'a' });
    child.stdout!.pipe(file);
    child.stderr!.pipe(file);
  }
  const exited = new Promise((r) => child.once('exit', r));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited early:\n${output}`);
    try {
      if ((await fetch(url + opts.readyPath)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${script} did not start within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    pid: child.pid!,
    url,
    output: () => output,
    async liveMemory() {
      if (!memoryFile || child.exitCode !== null) return null;
      const seqOf = () => {
        try {
          return JSON.parse(fs.readFileSync(memoryFile, 'utf8')) as { seq: number; heapUsed: number; external: number; young: number; youngAfter: number };
        } catch {
          return null; // not written yet, or being written
        }
      };
      const before = seqOf()?.seq ?? 0;
      child.kill('SIGUSR2');
      const deadline = Date.now() + 30_000;
      for (;;) {
        const m = seqOf();
        if (m && m.seq > before) return { live: m.heapUsed + m.external, heapUsed: m.heapUsed, external: m.external, young: m.young, youngAfter: m.youngAfter };
        if (Date.now() > deadline) return null;
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      // A graceful stop first answers what is queued (slow requests can take a while): only a
      // graceful exit writes the --cpu-prof profile.
      const timer = setTimeout(() => {
        process.stderr.write(`${script} did not stop within 120 s: killed (no profile is written then)\n`);
        child.kill('SIGKILL');
      }, 120_000);
      await exited;
      clearTimeout(timer);
      if (memoryFile) fs.rmSync(memoryFile, { force: true });
    },
  };
}

/**
 * Wait until the server answers its health check quickly again: a load that overran leaves a
 * backlog of queued requests, and the next load must not be measured against it.
 */
export async function settle(url: string, maxSeconds = 300): Promise<boolean> {
  const deadline = Date.now() + maxSeconds * 1000;
  for (let fast = 0; fast < 3; ) {
    if (Date.now() > deadline) return false;
    const t = performance.now();
    try {
      await fetch(`${url}/api/v1/health`, { signal: AbortSignal.timeout(30_000) });
    } catch {
      /* still busy */
    }
    fast = performance.now() - t < 50 ? fast + 1 : 0;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

const TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU seconds (user + system) a process has used so far; 0 when it is gone. */
export function cpuSeconds(pid: number, file = `/proc/${pid}/stat`, withExitedChildren = false): number {
  try {
    const stat = fs.readFileSync(file, 'utf8');
    // Fields after the command (which may hold spaces) start after the last ')'.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime, stime: fields 14 and 15; cutime, cstime (children that exited): 16 and 17.
    return (Number(f[11]) + Number(f[12]) + (withExitedChildren ? Number(f[13]) + Number(f[14]) : 0)) / TICKS;
  } catch {
    return 0;
  }
}

/** CPU seconds of one thread of a process (the main thread when `tid` is the pid); 0 when it is gone. */
export function threadCpuSeconds(pid: number, tid = pid): number {
  return cpuSeconds(pid, `/proc/${pid}/task/${tid}/stat`);
}

/** The soft limit on open files of a process (`Max open files` in /proc/<pid>/limits), null if unknown. */
export function openFileLimit(pid: number | 'self'): number | null {
  try {
    const m = /^Max open files\s+(\d+|unlimited)/m.exec(fs.readFileSync(`/proc/${pid}/limits`, 'utf8'));
    return !m ? null : m[1] === 'unlimited' ? Infinity : Number(m[1]);
  } catch {
    return null;
  }
}

/** Open file descriptors of a process, null if unknown. */
export function openFiles(pid: number): number | null {
  try {
    return fs.readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return null;
  }
}

/** Resident memory in bytes (VmRSS), 0 when it is gone. */
export function rssBytes(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The CPU seconds of every PostgreSQL server process on this machine (its backends do the queries). */
export function postgresCpuSeconds(): number {
  let sum = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // With the children that exited (counted in the postmaster, which reaps them): a backend whose
      // connection closed during a measurement would otherwise take its time away from the sum.
      if (fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') sum += cpuSeconds(Number(entry), undefined, true);
    } catch {
      /* gone meanwhile */
    }
  }
  return sum;
}

export function cpuTimes(): { busy: number; total: number } {
  const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = f.reduce((a, b) => a + b, 0);
  return { busy: total - f[3] - f[4], total }; // idle, iowait
}

/** How busy the whole machine is over `ms`, in % of all cores: other work there skews every figure. */
export async function machineBusyPercent(ms = 1000): Promise<number> {
  const a = cpuTimes();
  await new Promise((r) => setTimeout(r, ms));
  const b = cpuTimes();
  return Math.round((100 * (b.busy - a.busy)) / Math.max(1, b.total - a.total));
}

/** The commit the server code came from, and whether its working tree had changes. */
export function codeVersion(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'packages/server', 'packages/contract'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() !== '';
    return dirty ? `${head}+changes` : head;
  } catch {
    return 'unknown';
  }
}
