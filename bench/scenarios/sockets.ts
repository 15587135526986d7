import { startHosts, stopHosts } from '../lib/clients.js';
import { type CustomFigure, failedFigure, fmt, mb, monotonicMs, sleep, startMeter } from '../lib/custom.js';
import { HttpClient } from '../lib/http.js';
import { openFileLimit, openFiles, rssBytes } from '../lib/processes.js';
import type { CustomScenario } from './types.js';

const NAME = 'sockets';
const DESCRIPTION = 'idle authenticated WebSockets (?token=) up to 19,000 (200 in smoke): memory per connection of the server process';

/** Descriptors kept free in each process for everything else (database, HTTP, the listener). */
const FD_RESERVE = 200;
const CHUNK = 1_000;

/**
 * `sockets`: open idle streams until the target (or the first failure), wait for `ready` on each,
 * then read the server's resident memory; the growth over the count is the memory per connection,
 * and the growth over the second half alone is its marginal cost.
 * Tokens of the sampled people are reused (many sockets per session are allowed).
 */
export const sockets: CustomScenario = {
  name: NAME,
  description: DESCRIPTION,
  available: true,
  kind: 'custom',
  freshServer: true,
  async prepare(_ctx, input, opts) {
    const wanted = opts.smoke ? 200 : Number(opts.args.sockets ?? 19_000);
    const tokens = input.sessions.map((s) => s.token);
    return async (server) => {
      if (tokens.length === 0) return [failedFigure(NAME, NAME, DESCRIPTION, 'no sessions to authenticate with')];
      const hosts = await startHosts(opts.clientProcesses);
      const http = new HttpClient(server.url, 4);
      const wsUrl = `${server.url.replace(/^http/, 'ws')}/api/v1/stream`;
      const notes: string[] = [];
      try {
        // Where the open-file limits stop us before the target.
        const serverRoom = (openFileLimit(server.pid) ?? Infinity) - (openFiles(server.pid) ?? 0) - FD_RESERVE;
        const hostRoom = hosts.map((h) => (h.fileLimit ?? Infinity) - FD_RESERVE);
        const clientRoom = hostRoom.reduce((a, b) => a + b, 0);
        let target = wanted;
        if (serverRoom < target) {
          target = Math.max(0, serverRoom);
          notes.push(`target lowered to ${fmt(target)}: the server's open-file limit is ${openFileLimit(server.pid)} (ulimit -n)`);
        }
        if (clientRoom < target) {
          target = Math.max(0, clientRoom);
          notes.push(`target lowered to ${fmt(target)}: the client processes' open-file limits are ${hosts.map((h) => h.fileLimit).join(', ')}`);
        }

        await sleep(2_000); // let the previous scenario's garbage settle
        const liveBefore = await server.liveMemory();
        const rssBefore = rssBytes(server.pid);
        const meter = startMeter(server, hosts.map((h) => h.pid));
        const started = monotonicMs();
        let open = 0;
        let firstFailure: string | null = null;
        // Half way, the resident memory again: the second half's growth is what a connection costs
        // once the heap's fixed parts (its young generation, code, caches) have grown to their size.
        let half: { open: number; rss: number; live: number | null } | null = null;
        while (open < target && !firstFailure) {
          if (!half && open >= target / 2) {
            await sleep(3_000);
            half = { open, rss: rssBytes(server.pid), live: (await server.liveMemory())?.live ?? null };
          }
          const batch = Math.min(CHUNK * hosts.length, target - open);
          const results = await Promise.all(
            hosts.map((h, i) => {
              const count = Math.floor(batch / hosts.length) + (i < batch % hosts.length ? 1 : 0);
              const offset = open + i; // spread the people over the processes
              const mine = Array.from({ length: tokens.length }, (_, k) => tokens[(offset + k) % tokens.length]);
              return h.call<{ opened: number; failed: number; firstFailure: string | null }>('open', {
                url: wsUrl,
                tokens: mine,
                count,
                concurrency: 100,
                stopOnFailure: true,
                timeoutMs: 30_000,
              });
            }),
          );
          open += results.reduce((s, r) => s + r.opened, 0);
          firstFailure = results.find((r) => r.firstFailure)?.firstFailure ?? null;
          opts.say(`sockets: ${fmt(open)} ready (${Math.round((monotonicMs() - started) / 1000)} s), server RSS ${mb(rssBytes(server.pid))} MB`);
        }
        const openSeconds = (monotonicMs() - started) / 1000;
        const cpu = meter.read();
        await sleep(3_000); // idle: what the connections hold, not what opening them left behind
        const rssOpen = rssBytes(server.pid);
        // After a full collection: what the open connections hold, without the young generation's
        // and the allocator's reserve (which RSS counts, and which the server reuses).
        const liveOpen = await server.liveMemory();
        const t = monotonicMs();
        const health = await http.request('GET', '/api/v1/health', null).catch((err: unknown) => ({ status: 0, body: String(err) }));
        const healthMs = monotonicMs() - t;
        const perConnKb = open > 0 ? (rssOpen - rssBefore) / 1024 / open : NaN;
        const marginalKb = half && open > half.open ? (rssOpen - half.rss) / 1024 / (open - half.open) : NaN;
        const liveKb = liveBefore && liveOpen && open > 0 ? (liveOpen.live - liveBefore.live) / 1024 / open : NaN;
        // The young generation grows to its configured size under the opening's allocation rate (with
        // `npm run serve`'s 64 MB semi-spaces, by up to 128 MB: several KB a socket at 19,000), once
        // per process and not with the sockets: RSS's growth beside it is what the sockets cost.
        // (RSS was read after the collections before the opening, and before them once all were open.)
        const youngGrowth = liveBefore && liveOpen ? liveOpen.young - liveBefore.youngAfter : NaN;
        const besideYoungKb = open > 0 ? (rssOpen - rssBefore - youngGrowth) / 1024 / open : NaN;
        const liveMarginalKb = half?.live != null && liveOpen && open > half.open ? (liveOpen.live - half.live) / 1024 / (open - half.open) : NaN;
        if (firstFailure) notes.unshift(`stopped at ${fmt(open)}: ${firstFailure}`);

        // Close them all: the server must go on serving.
        const closeStarted = monotonicMs();
        const closed = await Promise.all(hosts.map((h) => h.call<{ closed: number; droppedByServer: number }>('closeAll', {})));
        const closeSeconds = (monotonicMs() - closeStarted) / 1000;
        const dropped = closed.reduce((s, c) => s + c.droppedByServer, 0);
        await sleep(1_000);
        const after = await http.request('GET', '/api/v1/health', null).catch((err: unknown) => ({ status: 0, body: String(err) }));
        const again = await hosts[0].call<{ opened: number; firstFailure: string | null }>('open', { url: wsUrl, tokens, count: 1, concurrency: 1, stopOnFailure: true, timeoutMs: 10_000 });
        await hosts[0].call('closeAll', {});
        const rssClosed = rssBytes(server.pid);

        const problems: string[] = [];
        if (open === 0) problems.push('sockets: no socket became ready');
        if (firstFailure && opts.smoke) problems.push(`sockets: ${firstFailure}`);
        if (dropped > 0) problems.push(`sockets: the server closed ${fmt(dropped)} idle sockets`);
        if (health.status !== 200) problems.push(`sockets: with ${fmt(open)} sockets open, health answered ${health.status}`);
        if (after.status !== 200 || again.opened !== 1) problems.push(`sockets: after closing, health answered ${after.status} and a new socket ${again.opened === 1 ? 'opened' : `failed (${again.firstFailure})`}`);
        notes.push(
          `opened at ${fmt(Math.round(open / openSeconds))} sockets/s (server main thread ${cpu.serverMainThreadPercent} % while opening); ` +
            `with all open, health answered in ${healthMs.toFixed(1)} ms; closing took ${closeSeconds.toFixed(1)} s; then health ${after.status}, a new socket ${again.opened === 1 ? 'ready' : 'FAILED'}; ` +
            `server RSS ${mb(rssClosed)} MB after closing`,
        );
        const figure: CustomFigure = {
          scenario: NAME,
          name: NAME,
          description: DESCRIPTION,
          failed: null,
          summary:
            `${fmt(open)} of ${fmt(wanted)} open and ready: ${perConnKb.toFixed(1)} KB each (RSS ${mb(rssBefore)} -> ${mb(rssOpen)} MB), ` +
            `${besideYoungKb.toFixed(1)} KB beside the young generation's growth (${liveBefore ? mb(liveBefore.youngAfter) : '-'} -> ${liveOpen ? mb(liveOpen.young) : '-'} MB); ` +
            `the second half ${marginalKb.toFixed(1)} KB each (RSS ${half ? mb(half.rss) : '-'} MB at ${half ? fmt(half.open) : '-'}); ` +
            `live after a full GC ${liveKb.toFixed(1)} KB each (second half ${liveMarginalKb.toFixed(1)} KB)`,
          values: {
            wanted,
            target,
            open,
            perConnectionKb: Math.round(perConnKb * 10) / 10,
            besideYoungGenerationPerConnectionKb: Math.round(besideYoungKb * 10) / 10,
            youngGenerationBeforeMb: liveBefore ? mb(liveBefore.youngAfter) : NaN,
            youngGenerationOpenMb: liveOpen ? mb(liveOpen.young) : NaN,
            secondHalfPerConnectionKb: Math.round(marginalKb * 10) / 10,
            livePerConnectionKb: Math.round(liveKb * 10) / 10,
            liveSecondHalfPerConnectionKb: Math.round(liveMarginalKb * 10) / 10,
            liveBeforeMb: liveBefore ? mb(liveBefore.live) : NaN,
            liveOpenMb: liveOpen ? mb(liveOpen.live) : NaN,
            liveOpenHeapMb: liveOpen ? mb(liveOpen.heapUsed) : NaN,
            liveOpenExternalMb: liveOpen ? mb(liveOpen.external) : NaN,
            rssHalfMb: half ? mb(half.rss) : NaN,
            openAtHalf: half?.open ?? NaN,
            rssBeforeMb: mb(rssBefore),
            rssOpenMb: mb(rssOpen),
            rssAfterCloseMb: mb(rssClosed),
            openSeconds: Math.round(openSeconds * 10) / 10,
            socketsPerSecond: Math.round(open / openSeconds),
            healthMsWhileOpen: Math.round(healthMs * 10) / 10,
            droppedByServer: dropped,
            tokens: Math.min(tokens.length, open),
            serverFileLimit: openFileLimit(server.pid) ?? NaN,
          },
          latencyMs: null,
          serverCpuPercent: cpu.serverCpuPercent,
          serverMainThreadPercent: cpu.serverMainThreadPercent,
          serverRssMb: { before: mb(rssBefore), after: mb(rssOpen) },
          dbCpuPercent: cpu.dbCpuPercent,
          generatorCpuPercent: cpu.generatorCpuPercent,
          busiestGeneratorPercent: cpu.busiestGeneratorPercent,
          machineBusyPercent: cpu.machineBusyPercent,
          othersPercent: cpu.othersPercent,
          notes,
          problems,
        };
        return [figure];
      } catch (err) {
        return [failedFigure(NAME, NAME, DESCRIPTION, (err as Error).message)];
      } finally {
        http.close();
        await Promise.all(hosts.map((h) => h.call('closeAll', {}).catch(() => undefined)));
        await stopHosts(hosts);
      }
    };
  },
};
