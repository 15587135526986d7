import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import os from 'node:os';
import { cpuSeconds, cpuTimes, postgresCpuSeconds, rssBytes, threadCpuSeconds } from './processes.js';

/**
 * Figures of the scenarios that are not autocannon loads (`fanout`, `sockets`, `users`): each is
 * built only from what was measured in this run; a scenario that could not run says why in
 * `failed` and has no values.
 */
export interface CustomFigure {
  scenario: string;
  name: string;
  description: string;
  /** Why there is no figure: it could not run, or stopped before measuring. */
  failed: string | null;
  /** The headline in words, made from `values` (printed in the table). */
  summary: string;
  /** Every measured quantity by name, e.g. {clients: 1000, delivered: 200000, missing: 0}. */
  values: Record<string, number>;
  latencyMs: Percentiles | null;
  /** The server process over the measured time: CPU of all its threads and of its main (JavaScript) thread, in % of one core. */
  serverCpuPercent: number | null;
  serverMainThreadPercent: number | null;
  serverRssMb: { before: number; after: number } | null;
  /** PostgreSQL's processes (PostgreSQL runs only). */
  dbCpuPercent: number | null;
  /** The load generator: this process and its client processes together, and the busiest one of them, in % of one core. */
  generatorCpuPercent: number | null;
  busiestGeneratorPercent: number | null;
  /** The whole machine (all cores, every process), in % over the measured time, and the part of it that was other work. */
  machineBusyPercent: number | null;
  othersPercent: number | null;
  /** What the run observed (where it broke, what limited it). */
  notes: string[];
  /** What makes `--smoke` fail (missing deliveries, errors, no requests). */
  problems: string[];
  /** `users`: one row per step of the ramp. */
  steps?: UserStep[];
}

export interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export interface UserStep {
  users: number;
  /** Seconds measured (the hold, after every new user's socket was ready). */
  seconds: number;
  /** Seconds it took to connect this step's new users (socket open and `ready`). */
  connectSeconds: number;
  /** The server's main thread while they connected (the other users went on acting). */
  connectServerMainThreadPercent: number;
  requests: number;
  reqPerSec: number;
  actions: number;
  errors: number;
  errorPercent: number;
  latencyMs: Percentiles | null;
  framesPerSec: number;
  serverCpuPercent: number;
  serverMainThreadPercent: number;
  dbCpuPercent: number | null;
  generatorCpuPercent: number;
  busiestGeneratorPercent: number;
  machineBusyPercent: number;
  othersPercent: number;
  serverRssMb: number;
  /** The measurement of this count: a step disturbed by other work is measured again. */
  attempt: number;
  /** null: the step held; otherwise the thresholds it broke. */
  broke: string | null;
  /** It broke while other work took much of the machine, and was measured again (next row). */
  disturbed: string | null;
  /** The actions with the highest p99. */
  slowest: string;
  /** `GET /health` every 100 ms during the hold: how long a request waits for the server's event loop. */
  healthMs: Percentiles | null;
}

/** Percentiles of a sample (nearest rank), null when empty. Sorts a copy. */
export function percentiles(sample: ArrayLike<number>): Percentiles | null {
  const n = sample.length;
  if (n === 0) return null;
  const sorted = Float64Array.from(sample).sort();
  const at = (q: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))];
  const round = (x: number) => Math.round(x * 10) / 10;
  return { p50: round(at(0.5)), p90: round(at(0.9)), p99: round(at(0.99)), max: round(sorted[n - 1]) };
}

/** A monotonic clock in milliseconds, the same in every process of this machine (CLOCK_MONOTONIC). */
export const monotonicMs = () => Number(process.hrtime.bigint()) / 1e6;

export const mb = (bytes: number) => Math.round(bytes / 1048576);

export interface Meter {
  /** CPU and machine figures since the meter started. */
  read(): {
    seconds: number;
    serverCpuPercent: number;
    serverMainThreadPercent: number;
    dbCpuPercent: number | null;
    generatorCpuPercent: number;
    busiestGeneratorPercent: number;
    machineBusyPercent: number;
    /** The machine's other work (every process but the server, PostgreSQL and the generator), in % of the machine. */
    othersPercent: number;
  };
}

/**
 * Measure CPU from now on: the server (all threads, and its main thread, which runs all the
 * JavaScript), PostgreSQL, the generator (this process plus its client processes) and the machine.
 */
export function startMeter(server: { pid: number; postgres: boolean }, generatorPids: number[]): Meter {
  const started = performance.now();
  const serverCpu = cpuSeconds(server.pid);
  const serverMain = threadCpuSeconds(server.pid);
  const db = server.postgres ? postgresCpuSeconds() : 0;
  const self = process.cpuUsage();
  const gens = generatorPids.map((p) => cpuSeconds(p));
  const machine = cpuTimes();
  return {
    read() {
      const seconds = Math.max(0.001, (performance.now() - started) / 1000);
      const pct = (cpu: number) => Math.round((100 * cpu) / seconds);
      const own = process.cpuUsage(self);
      const ownPct = pct((own.user + own.system) / 1e6);
      const genPcts = generatorPids.map((p, i) => pct(cpuSeconds(p) - gens[i]));
      const m = cpuTimes();
      const serverCpuPercent = pct(cpuSeconds(server.pid) - serverCpu);
      const dbCpuPercent = server.postgres ? pct(postgresCpuSeconds() - db) : null;
      const generatorCpuPercent = ownPct + genPcts.reduce((a, b) => a + b, 0);
      const machineBusyPercent = Math.round((100 * (m.busy - machine.busy)) / Math.max(1, m.total - machine.total));
      const ours = (serverCpuPercent + (dbCpuPercent ?? 0) + generatorCpuPercent) / os.cpus().length;
      return {
        seconds,
        serverCpuPercent,
        serverMainThreadPercent: pct(threadCpuSeconds(server.pid) - serverMain),
        dbCpuPercent,
        generatorCpuPercent,
        busiestGeneratorPercent: Math.max(ownPct, ...genPcts),
        machineBusyPercent,
        othersPercent: Math.max(0, Math.round(machineBusyPercent - ours)),
      };
    },
  };
}

/** The server's RSS in MB now. */
export const serverRssMb = (pid: number) => mb(rssBytes(pid));

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * This process's own pauses while it measures (garbage collections, and the event loop's longest
 * delay): a latency that starts or ends in this process includes them, so a figure can say how
 * much of its tail is the harness's.
 */
export function watchOwnPauses() {
  let gcMs = 0;
  let gcMax = 0;
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gcMs += e.duration;
      if (e.duration > gcMax) gcMax = e.duration;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  return {
    stop() {
      observer.disconnect();
      loop.disable();
      return { gcMs: Math.round(gcMs * 10) / 10, gcMaxMs: Math.round(gcMax * 10) / 10, loopDelayMaxMs: Math.round(loop.max / 1e5) / 10 };
    },
  };
}

/** An empty figure for a scenario that could not run: it says why, with no values. */
export function failedFigure(scenario: string, name: string, description: string, why: string): CustomFigure {
  return {
    scenario,
    name,
    description,
    failed: why,
    summary: '',
    values: {},
    latencyMs: null,
    serverCpuPercent: null,
    serverMainThreadPercent: null,
    serverRssMb: null,
    dbCpuPercent: null,
    generatorCpuPercent: null,
    busiestGeneratorPercent: null,
    machineBusyPercent: null,
    othersPercent: null,
    notes: [],
    problems: [`${name}: ${why}`],
  };
}
