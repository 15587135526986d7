/**
 * `npm run bench -- [--scale S|M] [--db sqlite|postgres] [--only feed,reads,post,fanout,sockets,users]
 *                   [--duration 20s] [--connections 50] [--smoke] [--fresh] [--cpu-prof] [--server-node-args "…"]
 *                   [--client-procs 2] [--fanout-clients 1000] [--fanout-messages 200] [--sockets 19000]
 *                   [--users-step 500] [--users-hold 15s] [--users-max 19000] [--users-rate 1]`
 *
 * Seeds (or reuses) a generated company, measures a bare Fastify hello-world as the machine's
 * ceiling, then starts Atrium as a separate process and drives each scenario over real HTTP with
 * autocannon, and the realtime scenarios over WebSockets from client processes. Prints a table
 * and writes bench/results/<timestamp>.json. See docs/benchmarks.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../packages/server/src/config.js';
import { createContext } from '../packages/server/src/context.js';
import { openSession } from '../packages/server/src/modules/auth/auth.service.js';
import { DEFAULT_ADMIN_URL, type Dataset, postgresDataset, sqliteDataset } from './lib/dataset.js';
import { type Figure, type Load, type LoadSettings, measure } from './lib/load.js';
import { codeVersion, machineBusyPercent, ROOT, serveNodeFlags, settle, startNode } from './lib/processes.js';
import { summarize } from './lib/profile.js';
import { customTable, table, type Unavailable } from './lib/report.js';
import { type CustomFigure, failedFigure } from './lib/custom.js';
import { scaleNamed } from './lib/scales.js';
import { SCENARIOS } from './scenarios/index.js';
import type { CustomOptions, CustomScenario, ScenarioInput, ServerUnderTest } from './scenarios/types.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: 'S' },
    db: { type: 'string', default: 'sqlite' },
    only: { type: 'string' },
    duration: { type: 'string', default: '20s' },
    warmup: { type: 'string', default: '3s' },
    connections: { type: 'string', default: '50' },
    seed: { type: 'string', default: '1' },
    smoke: { type: 'boolean', default: false },
    fresh: { type: 'boolean', default: false },
    'cpu-prof': { type: 'boolean', default: false },
    // Extra V8/Node flags for the server process, e.g. "--max-semi-space-size=32" (space-separated).
    'server-node-args': { type: 'string', default: '' },
    'database-url': { type: 'string', default: process.env.BENCH_DATABASE_URL ?? DEFAULT_ADMIN_URL },
    // The realtime scenarios (docs/benchmarks.md).
    'client-procs': { type: 'string', default: '2' },
    'fanout-clients': { type: 'string' },
    'fanout-messages': { type: 'string' },
    sockets: { type: 'string' },
    'users-step': { type: 'string' },
    'users-hold': { type: 'string' },
    'users-max': { type: 'string' },
    'users-rate': { type: 'string' },
  },
});

/** "20s", "20", "1m" → seconds. */
function seconds(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!m) throw new Error(`not a duration: "${text}" (e.g. 20s)`);
  const n = Number(m[1]);
  return m[2] === 'm' ? n * 60 : m[2] === 'ms' ? n / 1000 : n;
}

const smoke = values.smoke;
const scale = scaleNamed(smoke ? 'XS' : values.scale);
const dialect = values.db;
if (dialect !== 'sqlite' && dialect !== 'postgres') throw new Error('--db is sqlite or postgres');
const settings: LoadSettings = {
  connections: Number(values.connections),
  duration: smoke ? 2 : seconds(values.duration),
  warmup: smoke ? 0.5 : seconds(values.warmup),
};
const wanted = values.only?.split(',').map((s) => s.trim()) ?? SCENARIOS.map((s) => s.name);
for (const name of wanted) if (!SCENARIOS.some((s) => s.name === name)) throw new Error(`unknown scenario "${name}" (${SCENARIOS.map((s) => s.name).join(', ')})`);
const selected = SCENARIOS.filter((s) => wanted.includes(s.name));
const isCustom = (s: (typeof SCENARIOS)[number]): s is CustomScenario => s.available && s.kind === 'custom';
const loadScenarios = selected.filter((s) => s.available && !isCustom(s));
const customScenarios = selected.filter(isCustom);
const say = (line: string) => process.stderr.write(`${line}\n`);
const customOptions: CustomOptions = {
  scale,
  dialect,
  smoke,
  clientProcesses: Math.max(1, Number(values['client-procs'])),
  args: Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => typeof e[1] === 'string')),
  say,
};

const startedAt = new Date();
const busyBefore = await machineBusyPercent();
if (busyBefore > 10) say(`note: other work keeps the machine ${busyBefore} % busy; figures will be low`);

say(`== dataset: scale ${scale.name} on ${dialect}`);
const dataset: Dataset =
  dialect === 'sqlite'
    ? await sqliteDataset(scale, Number(values.seed), values.fresh)
    : await postgresDataset(scale, Number(values.seed), values.fresh, values['database-url']);
const { manifest } = dataset;
say(dataset.generated ? `generated in ${manifest.seconds} s` : `cached (generated in ${manifest.seconds} s on ${manifest.generatedAt})`);

const figures: Figure[] = [];
const customFigures: CustomFigure[] = [];
let baseline: Figure | null = null;
/**
 * The hello-world is measured before and after the scenarios: on a shared machine its figure can
 * move by half between minutes. The higher of the two is the baseline (the lower ratios).
 */
const helloRuns: Figure[] = [];
async function measureHello(when: string, bytes?: number): Promise<Figure> {
  const what = bytes ? `a fixed ${bytes.toLocaleString('en-US')}-byte JSON body` : 'hello-world';
  say(`== baseline (${when}): bare Fastify, ${what}, ${settings.connections} connections, ${settings.duration} s`);
  const hello = await startNode('bench/hello.ts', {}, { readyPath: '/' });
  try {
    const load: Load = bytes
      ? { name: `hello:${Math.round(bytes / 1000)}KB`, description: `GET /bytes/${bytes} on a bare Fastify app: ${what}`, requests: [{ method: 'GET', path: `/bytes/${bytes}` }] }
      : { name: 'hello', description: 'GET / on a bare Fastify app', requests: [{ method: 'GET', path: '/' }] };
    const f = await measure(hello.url, 'hello', load, settings, { pid: hello.pid, postgres: false });
    say(`${f.name}: ${f.reqPerSec} req/s`);
    return f;
  } finally {
    await hello.stop();
  }
}

/** About the average first or second feed page at scale M (27–30 KB): the bytes a feed request costs the machine by themselves. */
const FEED_PAGE_BYTES = 28_000;
const profileDir = path.join(ROOT, 'bench/results/profiles', startedAt.toISOString().replace(/[:.]/g, '-'));
try {
  // Sessions are opened directly (as a login would, minus argon2), for the sample of people.
  const ctx = await createContext(loadConfig({ ...dataset.env, LOG_LEVEL: 'silent' }), { silent: true });
  const sessions: ScenarioInput['sessions'] = [];
  // The realtime scenarios prepare on the same copy, before the server starts (sessions, memberships).
  const customRuns: { scenario: CustomScenario; run: ((server: ServerUnderTest) => Promise<CustomFigure[]>) | null; why?: string }[] = [];
  try {
    await ctx.db.transaction().execute(async (tx) => {
      for (const p of manifest.people) sessions.push({ userId: p.id, token: (await openSession(ctx, tx, p.id)).token });
    });
    for (const scenario of customScenarios) {
      try {
        customRuns.push({ scenario, run: await scenario.prepare(ctx, { manifest, sessions }, customOptions) });
      } catch (err) {
        customRuns.push({ scenario, run: null, why: `preparing failed: ${(err as Error).message}` });
      }
    }
  } finally {
    await ctx.close();
  }

  if (loadScenarios.length > 0) helloRuns.push(await measureHello('before'));
  else say('== no request load selected: the hello-world baseline (a ratio for request loads only) is left out');
  // Informative, beside the feed: not the baseline of any ratio.
  if (loadScenarios.some((s) => s.name === 'feed')) figures.push(await measureHello('for the feed', FEED_PAGE_BYTES));

  const startServer = () =>
    startNode(
      'packages/server/src/main.ts',
      {
        ...dataset.env,
        LOG_LEVEL: 'warn',
        ATRIUM_WEB_DIR: '',
        // The bench writes as a few hundred people at thousands of requests per second.
        WRITE_LIMIT_PER_MINUTE: '1000000000',
        LOGIN_LIMIT_PER_ACCOUNT: '1000000',
        LOGIN_LIMIT_PER_IP: '1000000',
      },
      {
        readyPath: '/api/v1/health',
        memoryProbe: true,
        nodeArgs: [
          ...serveNodeFlags(),
          ...values['server-node-args'].split(' ').filter(Boolean),
          ...(values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
        ],
      },
    );
  const server = await startServer();
  try {
    for (const scenario of loadScenarios) {
      if (!scenario.available || isCustom(scenario)) continue;
      for (const load of scenario.loads({ manifest, sessions })) {
        say(`== ${load.name}: ${load.description}`);
        if (!(await settle(server.url))) say('note: the server still had a backlog from the previous load after 300 s');
        const f = await measure(server.url, scenario.name, load, settings, { pid: server.pid, postgres: dialect === 'postgres' });
        figures.push(f);
        say(`${f.name}: ${f.reqPerSec} req/s, p99 ${f.latencyMs.p99} ms, errors ${f.errors} (timeouts ${f.timeouts}), non-2xx ${f.non2xx} ${JSON.stringify(f.statusCodes)}`);
      }
    }
    for (const { scenario, run, why } of customRuns) {
      say(`== ${scenario.name}: ${scenario.description}`);
      // A scenario that measures the server's memory gets a server of its own, without what earlier loads left.
      const own = scenario.freshServer ? await startServer() : null;
      const target = own ?? server;
      if (!(await settle(target.url))) say('note: the server still had a backlog from the previous load after 300 s');
      let got: CustomFigure[];
      try {
        got = run ? await run({ url: target.url, pid: target.pid, postgres: dialect === 'postgres', liveMemory: () => target.liveMemory() }) : [failedFigure(scenario.name, scenario.name, scenario.description, why ?? 'not prepared')];
      } catch (err) {
        got = [failedFigure(scenario.name, scenario.name, scenario.description, (err as Error).stack ?? String(err))];
      } finally {
        await own?.stop();
      }
      for (const f of got) say(f.failed ? `${f.name}: could not run: ${f.failed}` : `${f.name}: ${f.summary}`);
      customFigures.push(...got);
    }
  } finally {
    await server.stop();
    if (figures.some((f) => f.non2xx > 0 || f.errors > 0) || customFigures.some((f) => f.failed || f.problems.length > 0)) {
      say(`server output (tail):\n${server.output().slice(-3000)}`);
    }
  }
  if (helloRuns.length > 0) helloRuns.push(await measureHello('after'));
} finally {
  await dataset.cleanup();
}
if (helloRuns.length > 0) {
  baseline = { ...helloRuns.reduce((a, b) => (b.reqPerSec > a.reqPerSec ? b : a)), ratio: 1 };
  for (const f of figures) f.ratio = baseline.reqPerSec > 0 ? f.reqPerSec / baseline.reqPerSec : null;
}

const unavailable: Unavailable[] = selected.flatMap((s) => (s.available ? [] : [{ scenario: s.name, description: s.description, needs: s.needs }]));
const failures = smoke
  ? [
      ...[...figures, ...(baseline ? [baseline] : [])].flatMap((f) =>
        f.requests > 0 && f.errors === 0 && f.timeouts === 0 && f.non2xx === 0
          ? []
          : [`${f.name}: ${f.requests} requests, ${f.errors} errors, ${f.timeouts} timeouts, ${f.non2xx} non-2xx ${JSON.stringify(f.statusCodes)}`],
      ),
      // Each realtime scenario must have produced its figure, with nothing missing.
      ...customScenarios.flatMap((s) => (customFigures.some((f) => f.scenario === s.name) ? [] : [`${s.name}: no figure`])),
      ...customFigures.flatMap((f) => (f.failed ? [`${f.name}: could not run: ${f.failed}`] : f.problems)),
    ]
  : [];

const result = {
  startedAt: startedAt.toISOString(),
  machine: {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? '',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    busyPercentBefore: busyBefore,
  },
  code: codeVersion(),
  settings: { scale: scale.name, db: dialect, ...settings, smoke },
  dataset: { generated: dataset.generated, generationSeconds: manifest.seconds, generatedAt: manifest.generatedAt, seed: manifest.seed, counts: manifest.counts },
  baseline,
  helloRuns: helloRuns.map((f) => f.reqPerSec),
  figures,
  custom: customFigures,
  unavailable,
  ...(smoke ? { smoke: { ok: failures.length === 0, failures } } : {}),
};
const resultsDir = path.join(ROOT, 'bench/results');
fs.mkdirSync(resultsDir, { recursive: true });
const file = path.join(resultsDir, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);

console.log(
  `\nAtrium bench: scale ${scale.name} on ${dialect}, ${settings.connections} connections, ${settings.duration} s per load (after ${settings.warmup} s warm-up), ` +
    `${os.cpus().length} cores, code ${result.code}, machine ${busyBefore} % busy before` +
    (helloRuns.length ? `; hello-world ${helloRuns.map((f, i) => `${f.reqPerSec.toLocaleString('en-US')} ${i === 0 ? 'before' : 'after'}`).join(', ')}: the higher is the baseline` : ''),
);
if (baseline || figures.length || unavailable.length) console.log(table(baseline, figures, unavailable));
if (customFigures.length) console.log(`\n${customTable(customFigures)}`);
console.log(`\nwritten to ${path.relative(ROOT, file)}`);
if (values['cpu-prof'] && fs.existsSync(profileDir)) {
  // The largest profile is the main thread's (tsx's loader thread writes a small one too).
  const [main] = fs
    .readdirSync(profileDir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => path.join(profileDir, f))
    .sort((a, b) => fs.statSync(b).size - fs.statSync(a).size);
  if (main) console.log(`\n${summarize(main)}`);
}
if (smoke) {
  if (failures.length) {
    console.error(`\nsmoke FAILED:\n${failures.join('\n')}`);
    process.exitCode = 1;
  } else {
    console.log(
      `\nsmoke ok: ${figures.length + (baseline ? 1 : 0)} request figures, every one with requests and no errors; ` +
        `${customFigures.length} realtime figures, each measured with nothing missing`,
    );
  }
}
