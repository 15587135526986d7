import autocannon from 'autocannon';
import { cpuSeconds, postgresCpuSeconds, rssBytes } from './processes.js';

export interface LoadSettings {
  connections: number;
  /** Seconds measured. */
  duration: number;
  /** Seconds of unmeasured load before, so that the JIT and caches are warm. */
  warmup: number;
}

/** One measured figure: a row of the table and of the JSON file. */
export interface Figure {
  scenario: string;
  name: string;
  description: string;
  requests: number;
  reqPerSec: number;
  /** reqPerSec as a share of the hello-world baseline measured in the same run. */
  ratio: number | null;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  /** Connection errors and timeouts (autocannon counts a timeout as an error too). */
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  /** The server process: CPU used during the measurement in % of one core, RSS before and after. */
  serverCpuPercent: number;
  serverRssMb: { before: number; after: number };
  /** PostgreSQL's processes, in % of one core (PostgreSQL runs only). */
  dbCpuPercent: number | null;
  /** The load generator (this process), in % of one core: near 100 % means it, not the server, was the limit. */
  generatorCpuPercent: number;
}

export interface Load {
  name: string;
  description: string;
  /** autocannon's request sequence, run in a loop by every connection. */
  requests: autocannon.Request[];
  /** A fixed number of requests instead of the run's duration, with no warm-up (a single pass, e.g. everyone's first visit). */
  amount?: number;
}

const mb = (b: number) => Math.round(b / 1048576);

function run(url: string, requests: autocannon.Request[], connections: number, length: { duration: number } | { amount: number }) {
  return autocannon({ url, connections, ...length, requests, timeout: 10 });
}

/** Drive `load` against `url` and measure it, together with the server process `pid`. */
export async function measure(
  url: string,
  scenario: string,
  load: Load,
  settings: LoadSettings,
  server: { pid: number; postgres: boolean },
): Promise<Figure> {
  if (settings.warmup > 0 && !load.amount) await run(url, load.requests, settings.connections, { duration: settings.warmup });
  const rssBefore = rssBytes(server.pid);
  const cpuBefore = cpuSeconds(server.pid);
  const dbBefore = server.postgres ? postgresCpuSeconds() : 0;
  const genBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  const r = await run(url, load.requests, settings.connections, load.amount ? { amount: load.amount } : { duration: settings.duration });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const gen = process.cpuUsage(genBefore);
  const pct = (seconds: number) => Math.round((100 * seconds) / wall);
  const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats ?? {}).map(([code, s]) => [code, s.count ?? 0]));
  return {
    scenario,
    name: load.name,
    description: load.description,
    requests: r.requests.total,
    reqPerSec: Math.round(r.requests.total / r.duration),
    ratio: null,
    latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    statusCodes,
    serverCpuPercent: pct(cpuSeconds(server.pid) - cpuBefore),
    serverRssMb: { before: mb(rssBefore), after: mb(rssBytes(server.pid)) },
    dbCpuPercent: server.postgres ? pct(postgresCpuSeconds() - dbBefore) : null,
    generatorCpuPercent: pct((gen.user + gen.system) / 1e6),
  };
}
