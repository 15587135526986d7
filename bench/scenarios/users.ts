import type { Action, SimUserSpec, UsersCatalog } from '../lib/client-host.js';
import { startHosts, stopHosts } from '../lib/clients.js';
import { type CustomFigure, failedFigure, fmt, percentiles, serverRssMb, sleep, startMeter, type UserStep } from '../lib/custom.js';
import { HttpClient } from '../lib/http.js';
import { openFileLimit, openFiles } from '../lib/processes.js';
import type { CustomScenario } from './types.js';

const NAME = 'users';
const DESCRIPTION = 'simulated concurrent users, each with a WebSocket, on a Mattermost-like action mix, ramped up in steps until a health threshold breaks';

/**
 * The action mix: Mattermost's load-test (mattermost-load-test-ng, simulcontroller) frequencies
 * of the actions Atrium has, mapped (docs/benchmarks.md, "users"):
 * SwitchChannel 6.52 → switch; ScrollChannel 1.99 → scroll; UnreadCheck 1 → unreads;
 * CreatePost 1 → post; OpenDirectOrGroupChannel 0.98 + CreateDirectChannel 0.01 → direct;
 * AddReaction 0.13 → react; SearchUsers, SearchChannels, SearchPosts, SearchGroupChannels
 * 0.09 together → search; ReconnectWebSocket 0.14 → reconnect.
 */
export const MIX: Record<Action, number> = {
  switch: 6.5219,
  scroll: 1.9873,
  unreads: 1,
  post: 1,
  direct: 0.9898,
  react: 0.1306,
  search: 0.0892,
  reconnect: 0.144,
};

/** Mattermost's defaults: an action, then an idle time uniform in [1 s, 39 s) (mean 20 s). */
const MIN_IDLE_MS = 1_000;
const AVG_IDLE_MS = 20_000;

/** The health thresholds of issue 5. */
export const THRESHOLDS = { p99Ms: 500, errorPercent: 0.025, serverCpuPercent: 95, generatorHeadroomPercent: 90 };

const FD_RESERVE = 600;
/** Other work above this share of the machine during a step that broke: the step is measured again, up to MAX_ATTEMPTS times. */
const DISTURBED_PERCENT = 20;
const MAX_ATTEMPTS = 3;

function seconds(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!m) throw new Error(`not a duration: "${text}"`);
  const n = Number(m[1]);
  return m[2] === 'm' ? n * 60 : m[2] === 'ms' ? n / 1000 : n;
}

type Window = { latencies: Float64Array; byAction: Record<string, number[]>; requests: Record<string, number>; errors: Record<string, number>; actions: number; samples: string[]; frames: number; connected: number };
const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);

/**
 * The server's health check every 100 ms for `ms`, from this process: it does no work in the
 * server, so its latency is how long a request waits for the server's event loop.
 */
async function probeHealth(http: HttpClient, ms: number) {
  const until = performance.now() + ms;
  const times: number[] = [];
  while (performance.now() < until) {
    const t = performance.now();
    await http.request('GET', '/api/v1/health', null).then(
      () => times.push(performance.now() - t),
      () => times.push(performance.now() - t),
    );
    await sleep(Math.max(0, 100 - (performance.now() - t)));
  }
  return percentiles(times);
}

/**
 * `users`: simulated people, each holding a stream and acting on the mix at Mattermost's pace,
 * added in steps; each step is measured over a hold after its new users are connected. The step
 * holds if client p99 ≤ 500 ms, errors ≤ 0.025 % and the server's main thread is not saturated
 * (while the generator still has headroom). The highest step that held is the figure.
 */
export const users: CustomScenario = {
  name: NAME,
  description: DESCRIPTION,
  available: true,
  kind: 'custom',
  async prepare(ctx, input, opts) {
    const step = opts.smoke ? 10 : Number(opts.args['users-step'] ?? 500);
    const hold = opts.smoke ? 3 : seconds(opts.args['users-hold'] ?? '15s');
    const maxUsers = opts.smoke ? 2 * step : Number(opts.args['users-max'] ?? 19_000);
    // --users-rate: Mattermost's Rate, a factor on the idle time (smoke: 20x faster, so that a 3 s step has requests).
    const rate = opts.smoke ? 0.05 : Number(opts.args['users-rate'] ?? 1);
    // The groups of each sampled person (they act in their own groups and group chats).
    const groupsOf = new Map<string, string[]>();
    const ids = input.sessions.map((s) => s.userId);
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await ctx.db
        .selectFrom('group_members as m')
        .innerJoin('groups as g', 'g.id', 'm.group_id')
        .select(['m.user_id', 'm.group_id'])
        .where('m.user_id', 'in', ids.slice(i, i + 500))
        .where('g.archived_at', 'is', null)
        .execute();
      for (const r of rows) groupsOf.set(r.user_id, [...(groupsOf.get(r.user_id) ?? []), r.group_id]);
    }
    const specs: SimUserSpec[] = input.sessions.map((s) => ({ token: s.token, userId: s.userId, groups: groupsOf.get(s.userId) ?? [] }));
    const { manifest } = input;

    return async (server) => {
      if (specs.length === 0) return [failedFigure(NAME, NAME, DESCRIPTION, 'no sessions')];
      const hosts = await startHosts(opts.clientProcesses);
      const probe = new HttpClient(server.url, 1);
      const wsUrl = `${server.url.replace(/^http/, 'ws')}/api/v1/stream`;
      const notes: string[] = [];
      const steps: UserStep[] = [];
      let sustained = 0;
      let brokeAt: string | null = null;
      try {
        await Promise.all(
          hosts.map((h, i) => {
            const catalog: UsersCatalog = {
              url: server.url,
              wsUrl,
              seed: 1000 + i,
              weights: MIX,
              minIdleMs: MIN_IDLE_MS * rate,
              avgIdleMs: AVG_IDLE_MS * rate,
              people: manifest.people,
              posts: manifest.posts,
              publicGroups: manifest.publicGroups,
            };
            return h.call('usersInit', catalog);
          }),
        );
        // The open-file limits bound the count: one socket per user on each side, plus HTTP connections.
        const serverRoom = (openFileLimit(server.pid) ?? Infinity) - (openFiles(server.pid) ?? 0) - FD_RESERVE;
        const clientRoom = hosts.reduce((s, h) => s + (h.fileLimit ?? Infinity) - FD_RESERVE, 0);
        const cap = Math.min(maxUsers, serverRoom, clientRoom);
        if (cap < maxUsers) notes.push(`the ramp stops at ${fmt(cap)} users: open-file limits (server ${openFileLimit(server.pid)}, client processes ${hosts.map((h) => h.fileLimit).join(', ')})`);

        const windows = async () => {
          const ws = await Promise.all(hosts.map((h) => h.call<Window>('usersWindow', {})));
          const latencies = new Float64Array(ws.reduce((s, w) => s + w.latencies.length, 0));
          let at = 0;
          for (const w of ws) latencies.set(w.latencies, (at += w.latencies.length) - w.latencies.length);
          const requests: Record<string, number> = {};
          const errors: Record<string, number> = {};
          const byAction: Record<string, number[]> = {};
          for (const w of ws) for (const [k, v] of Object.entries(w.byAction)) (byAction[k] ??= []).push(...v);
          for (const w of ws) {
            for (const [k, v] of Object.entries(w.requests)) requests[k] = (requests[k] ?? 0) + v;
            for (const [k, v] of Object.entries(w.errors)) errors[k] = (errors[k] ?? 0) + v;
          }
          return { latencies, byAction, requests, errors, actions: ws.reduce((s, w) => s + w.actions, 0), samples: ws.flatMap((w) => w.samples), frames: ws.reduce((s, w) => s + w.frames, 0), connected: ws.reduce((s, w) => s + w.connected, 0) };
        };

        let total = 0;
        const totalsByAction: Record<string, number> = {};
        const errorSamples: string[] = [];
        while (total + step <= cap && !brokeAt) {
          const target = total + step;
          // New users: the sampled people in turn (more users than people: a person has several, each its own stream).
          const fresh = Array.from({ length: step }, (_, k) => specs[(total + k) % specs.length]);
          const started = performance.now();
          const connectMeter = startMeter(server, hosts.map((h) => h.pid));
          const added = await Promise.all(hosts.map((h, i) => h.call<{ added: number; failed: number; firstFailure: string | null }>('usersAdd', { users: fresh.filter((_, k) => k % hosts.length === i), concurrency: 50 })));
          const connectSeconds = (performance.now() - started) / 1000;
          const ramp = await windows(); // what ran while they connected: counted for errors only
          const connectCpu = connectMeter.read();
          total = target;
          for (let attempt = 1; ; attempt++) {
            const meter = startMeter(server, hosts.map((h) => h.pid));
            const loop = await probeHealth(probe, hold * 1000);
            const w = await windows();
            const cpu = meter.read();
            const connectFailures = added.reduce((s, a) => s + a.failed, 0);
            const requests = sum(w.requests);
            // What failed while the step's users connected counts in its first measurement.
            const first = attempt === 1;
            const errors = sum(w.errors) + (first ? sum(ramp.errors) : 0);
            const counted = requests + (first ? sum(ramp.requests) + step : 0);
            const errorPercent = (100 * errors) / Math.max(1, counted);
            const lat = percentiles(w.latencies);
            const slowest = Object.entries(w.byAction)
              .map(([action, l]) => ({ action, p: percentiles(l)! }))
              .sort((a, b) => b.p.p99 - a.p.p99)
              .slice(0, 3)
              .map((x) => `${x.action} p99 ${x.p.p99} ms`)
              .join(', ');
            for (const [k, v] of Object.entries(w.requests)) totalsByAction[k] = (totalsByAction[k] ?? 0) + v;
            errorSamples.push(...(first ? ramp.samples : []), ...w.samples, ...(first ? added.flatMap((a) => (a.firstFailure ? [`connect: ${a.firstFailure}`] : [])) : []));
            const reasons: string[] = [];
            if (lat && lat.p99 > THRESHOLDS.p99Ms) reasons.push(`client p99 ${lat.p99} ms > ${THRESHOLDS.p99Ms} ms`);
            if (errorPercent > THRESHOLDS.errorPercent) reasons.push(`errors ${errorPercent.toFixed(3)} % > ${THRESHOLDS.errorPercent} % (${errors}${first && connectFailures ? `, ${connectFailures} connects` : ''})`);
            const generatorBusy = cpu.busiestGeneratorPercent >= THRESHOLDS.generatorHeadroomPercent;
            if (cpu.serverMainThreadPercent >= THRESHOLDS.serverCpuPercent && !generatorBusy) reasons.push(`server main thread saturated (${cpu.serverMainThreadPercent} %)`);
            if (generatorBusy) reasons.push(`GENERATOR saturated (a client process at ${cpu.busiestGeneratorPercent} %): the generator, not the server, limits this step`);
            if (requests === 0) reasons.push('no request completed');
            // A step that breaks while other work takes much of the machine is measured again (the machine is shared).
            const disturbed = reasons.length > 0 && cpu.othersPercent > DISTURBED_PERCENT && attempt < MAX_ATTEMPTS;
            const row: UserStep = {
              users: target,
              seconds: Math.round(cpu.seconds * 10) / 10,
              connectSeconds: Math.round(connectSeconds * 10) / 10,
              connectServerMainThreadPercent: connectCpu.serverMainThreadPercent,
              requests,
              reqPerSec: Math.round(requests / cpu.seconds),
              actions: w.actions,
              errors,
              errorPercent: Math.round(errorPercent * 1000) / 1000,
              latencyMs: lat,
              framesPerSec: Math.round(w.frames / cpu.seconds),
              serverCpuPercent: cpu.serverCpuPercent,
              serverMainThreadPercent: cpu.serverMainThreadPercent,
              dbCpuPercent: cpu.dbCpuPercent,
              generatorCpuPercent: cpu.generatorCpuPercent,
              busiestGeneratorPercent: cpu.busiestGeneratorPercent,
              machineBusyPercent: cpu.machineBusyPercent,
              othersPercent: cpu.othersPercent,
              serverRssMb: serverRssMb(server.pid),
              attempt,
              broke: reasons.length && !disturbed ? reasons.join('; ') : null,
              disturbed: disturbed ? `${reasons.join('; ')}, while other work took ${cpu.othersPercent} % of the machine: measured again` : null,
              slowest,
              healthMs: loop,
            };
            steps.push(row);
            opts.say(
              `users: ${fmt(target)} (connected in ${row.connectSeconds} s, server main thread ${connectCpu.serverMainThreadPercent} % meanwhile): ${row.reqPerSec} req/s, p50 ${lat?.p50 ?? '-'} ms, p99 ${lat?.p99 ?? '-'} ms, errors ${errors}, ` +
                `${fmt(row.framesPerSec)} frames/s, server ${cpu.serverCpuPercent} % (main thread ${cpu.serverMainThreadPercent} %), generator ${cpu.generatorCpuPercent} % (busiest ${cpu.busiestGeneratorPercent} %), machine ${cpu.machineBusyPercent} % (others ${cpu.othersPercent} %)` +
                `; health p99 ${loop?.p99 ?? '-'} ms; slowest: ${slowest}${row.broke ? ` -> BROKE: ${row.broke}` : ''}${row.disturbed ? ` -> ${row.disturbed}` : ''}`,
            );
            if (disturbed) continue;
            if (row.broke) brokeAt = `${fmt(target)} users: ${row.broke}`;
            else sustained = target;
            break;
          }
        }
        if (!brokeAt) notes.push(`no threshold broke up to ${fmt(total)} users (the end of the ramp)`);
        if (errorSamples.length) notes.push(`first errors: ${[...new Set(errorSamples)].slice(0, 5).join(' | ')}`);
        const mixTotal = sum(totalsByAction);
        notes.push(`requests by action (measured holds): ${Object.entries(totalsByAction).map(([k, v]) => `${k} ${((100 * v) / Math.max(1, mixTotal)).toFixed(1)} %`).join(', ')}`);

        const last = [...steps].reverse().find((s) => s.users === sustained) ?? null;
        const broken = steps.find((s) => s.broke) ?? null;
        const problems: string[] = [];
        if (steps.length === 0) problems.push(`users: no step ran (cap ${fmt(cap)})`);
        if (steps.some((s) => s.requests === 0)) problems.push('users: a step completed no request');
        if (opts.smoke && steps.some((s) => s.errors > 0)) problems.push(`users: errors (${errorSamples.slice(0, 3).join(' | ')})`);
        const figure: CustomFigure = {
          scenario: NAME,
          name: NAME,
          description: `${DESCRIPTION} (+${fmt(step)} per step, ${hold} s hold, an action every ${((AVG_IDLE_MS * rate) / 1000).toFixed(1)} s on average per user)`,
          failed: null,
          summary: `highest sustained: ${fmt(sustained)} users${brokeAt ? `; broke at ${brokeAt}` : ` (no threshold broke up to ${fmt(total)})`}`,
          values: {
            sustainedUsers: sustained,
            brokeAtUsers: broken?.users ?? NaN,
            step,
            holdSeconds: hold,
            avgIdleMs: AVG_IDLE_MS * rate,
            minIdleMs: MIN_IDLE_MS * rate,
            clientProcesses: hosts.length,
            reqPerSecAtSustained: last?.reqPerSec ?? NaN,
          },
          latencyMs: last?.latencyMs ?? null,
          serverCpuPercent: last?.serverCpuPercent ?? null,
          serverMainThreadPercent: last?.serverMainThreadPercent ?? null,
          serverRssMb: last ? { before: steps[0].serverRssMb, after: last.serverRssMb } : null,
          dbCpuPercent: last?.dbCpuPercent ?? null,
          generatorCpuPercent: last?.generatorCpuPercent ?? null,
          busiestGeneratorPercent: last?.busiestGeneratorPercent ?? null,
          machineBusyPercent: last?.machineBusyPercent ?? null,
          othersPercent: last?.othersPercent ?? null,
          notes,
          problems,
          steps,
        };
        return [figure];
      } catch (err) {
        return [failedFigure(NAME, NAME, DESCRIPTION, (err as Error).message)];
      } finally {
        await Promise.all(hosts.map((h) => h.call('usersStop', {}).catch(() => undefined)));
        await stopHosts(hosts);
        probe.close();
      }
    };
  },
};
