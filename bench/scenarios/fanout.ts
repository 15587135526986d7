import { openSession } from '../../packages/server/src/modules/auth/auth.service.js';
import { HttpClient } from '../lib/http.js';
import { startHosts, stopHosts, split } from '../lib/clients.js';
import { type CustomFigure, failedFigure, fmt, mb, monotonicMs, percentiles, sleep, startMeter } from '../lib/custom.js';
import { rssBytes } from '../lib/processes.js';
import type { CustomScenario } from './types.js';

const NAME = 'fanout';
const DESCRIPTION = 'N connected members of one group (1,000; 20 in smoke); one sends messages to its chat; latency from send to arrival at every client';

/** Messages are sent on a fixed schedule, one every INTERVAL_MS, whatever the answers. */
const INTERVAL_MS = 20;
/** Sent first and not measured, like the warm-up of the request loads. */
const WARMUP_MESSAGES = 20;

/**
 * `fanout`: WebSocket clients of the members of one group, all `ready`; one member posts
 * messages to the group's chat over HTTP; every client must receive every message. The time of
 * a delivery runs from just before the POST (in this process) to the frame's arrival (in a client
 * process); both read CLOCK_MONOTONIC, which is the same clock in every process of the machine.
 */
export const fanout: CustomScenario = {
  name: NAME,
  description: DESCRIPTION,
  available: true,
  kind: 'custom',
  async prepare(ctx, _input, opts) {
    const wanted = opts.smoke ? 20 : Number(opts.args['fanout-clients'] ?? 1000);
    const messages = opts.smoke ? 10 : Number(opts.args['fanout-messages'] ?? 200);
    const warmup = opts.smoke ? 3 : WARMUP_MESSAGES;
    // The biggest group; if it is smaller than the clients wanted, colleagues join it here, on this
    // run's copy of the company, before the server starts (the scenario needs one group that big).
    const biggest = await ctx.db
      .selectFrom('group_members as m')
      .innerJoin('groups as g', 'g.id', 'm.group_id')
      .where('g.archived_at', 'is', null)
      .select(['m.group_id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('m.group_id')
      .orderBy('n', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (!biggest) return async () => [failedFigure(NAME, NAME, DESCRIPTION, 'the company has no group')];
    const groupId = biggest.group_id;
    const originalSize = Number(biggest.n);
    let added = 0;
    const chosen: string[] = [];
    await ctx.db.transaction().execute(async (tx) => {
      const members = await tx.selectFrom('group_members').select('user_id').where('group_id', '=', groupId).orderBy('role').orderBy('user_id').execute();
      chosen.push(...members.slice(0, wanted).map((m) => m.user_id));
      if (chosen.length < wanted) {
        const outside = await tx
          .selectFrom('users')
          .select('id')
          .where('kind', '=', 'member')
          .where('status', '=', 'active')
          .where('id', 'not in', (eb) => eb.selectFrom('group_members').select('user_id').where('group_id', '=', groupId))
          .orderBy('id')
          .limit(wanted - chosen.length)
          .execute();
        const now = new Date().toISOString();
        for (let i = 0; i < outside.length; i += 500) {
          await tx
            .insertInto('group_members')
            .values(outside.slice(i, i + 500).map((u) => ({ group_id: groupId, user_id: u.id, role: 'member' as const, created_at: now })))
            .execute();
        }
        added = outside.length;
        chosen.push(...outside.map((u) => u.id));
      }
    });
    // One session per client (a person may have 50; one each is like 1,000 people online).
    const tokens: string[] = [];
    await ctx.db.transaction().execute(async (tx) => {
      for (const id of chosen) tokens.push((await openSession(ctx, tx, id)).token);
    });
    const setup = `group of ${fmt(originalSize)} members${added ? `, ${fmt(added)} colleagues added to it for the run` : ''}`;
    opts.say(`fanout: ${setup}; ${fmt(chosen.length)} clients, ${messages} messages`);

    return async (server) => {
      if (chosen.length < 2) return [failedFigure(NAME, NAME, DESCRIPTION, `only ${chosen.length} member(s) to connect`)];
      const [sender, ...hosts] = await startHosts(1 + opts.clientProcesses);
      const http = new HttpClient(server.url, 4);
      const wsUrl = `${server.url.replace(/^http/, 'ws')}/api/v1/stream`;
      try {
        const parts = split(tokens, hosts.length);
        const opened = await Promise.all(
          hosts.map((h, i) =>
            h.call<{ opened: number; failed: number; firstFailure: string | null; seconds: number }>('open', {
              url: wsUrl,
              tokens: parts[i],
              count: parts[i].length,
              concurrency: 50,
              stopOnFailure: false,
              timeoutMs: 30_000,
            }),
          ),
        );
        const failed = opened.reduce((s, o) => s + o.failed, 0);
        if (failed > 0) {
          return [failedFigure(NAME, NAME, DESCRIPTION, `${failed} of ${chosen.length} sockets did not become ready: ${opened.find((o) => o.firstFailure)?.firstFailure}`)];
        }
        opts.say(`fanout: ${fmt(chosen.length)} sockets ready in ${Math.max(...opened.map((o) => o.seconds)).toFixed(1)} s`);

        const senderToken = tokens[0];
        const chat = await http.request('GET', `/api/v1/groups/${groupId}/chat`, senderToken);
        if (chat.status !== 200) return [failedFigure(NAME, NAME, DESCRIPTION, `GET /groups/:id/chat answered ${chat.status}: ${chat.body.slice(0, 200)}`)];
        const conversationId = (JSON.parse(chat.body) as { conversation: { id: string } }).conversation.id;

        const run = `fanout-${Date.now().toString(36)}`;
        const tag = `${run} #`;
        const send = {
          url: server.url,
          token: senderToken,
          path: `/api/v1/conversations/${conversationId}/messages`,
          intervalMs: INTERVAL_MS,
        };
        // Warm-up, unmeasured (the clients ignore these frames): the first messages of a fresh
        // server pay for JIT and first-use compilation and would queue the next ones behind them.
        await sender.call('fanoutWarmUp', { ...send, prefix: `${run}-warm-up `, suffix: '', clientIdPrefix: `${run}-w`, messages: warmup });
        await sleep(500);
        const clientsPerHost = (await Promise.all(hosts.map((h) => h.call<{ clients: number }>('fanoutArm', { tag, messages })))).map((r) => r.clients);
        const expected = chosen.length * messages;
        await sleep(200);

        const rssBefore = rssBytes(server.pid);
        const meter = startMeter(server, [sender.pid, ...hosts.map((h) => h.pid)]);
        const sent = await sender.call<{ start: number; sentAt: Float64Array; answered: Float64Array; errors: string[]; pauses: { gcMs: number; gcMaxMs: number; loopDelayMaxMs: number } }>(
          'fanoutSend',
          { ...send, prefix: tag, suffix: ' from the bench', clientIdPrefix: `${run}-`, messages },
        );
        opts.say(`fanout: measured from monotonic ${sent.start.toFixed(1)} ms`);
        const { sentAt, answered, pauses } = sent;
        const sendErrors = sent.errors;
        const sentOk = messages - sendErrors.length;
        // Wait for the frames still under way: until all expected arrived, or 10 s without progress.
        let received = 0;
        for (let last = -1, since = monotonicMs(); received < chosen.length * sentOk && monotonicMs() - since < 10_000; ) {
          await sleep(50);
          received = (await Promise.all(hosts.map((h) => h.call<{ received: number }>('fanoutCount', {})))).reduce((s, r) => s + r.received, 0);
          if (received !== last) [last, since] = [received, monotonicMs()];
        }
        const cpu = meter.read();
        const rssAfter = rssBytes(server.pid);
        const collected = await Promise.all(hosts.map((h) => h.call<{ arrivals: Float64Array; duplicates: number; received: number; clients: number }>('fanoutCollect', {})));

        const latencies: number[] = [];
        const lastArrival = new Float64Array(messages).fill(-Infinity);
        const firstArrival = new Float64Array(messages).fill(Infinity);
        const reachedAll = new Uint8Array(messages).fill(1);
        for (const c of collected) {
          for (let s = 0; s < c.clients; s++) {
            for (let i = 0; i < messages; i++) {
              const a = c.arrivals[s * messages + i];
              if (Number.isNaN(a)) {
                reachedAll[i] = 0;
                continue;
              }
              const ms = a - sentAt[i];
              latencies.push(ms);
              if (ms > lastArrival[i]) lastArrival[i] = ms;
              if (ms < firstArrival[i]) firstArrival[i] = ms;
            }
          }
        }
        const everyone = Array.from(lastArrival).filter((_, i) => reachedAll[i] === 1 && Number.isFinite(lastArrival[i]));
        const lat = percentiles(latencies);
        const toAll = percentiles(everyone);
        // Per message, from the first client that had it to the last: the fan-out itself.
        const spread = percentiles(Array.from(lastArrival).flatMap((last, i) => (reachedAll[i] === 1 && Number.isFinite(last) ? [last - firstArrival[i]] : [])));
        const postLat = percentiles(Array.from(answered).filter((x) => !Number.isNaN(x)));
        const delivered = latencies.length;
        const duplicates = collected.reduce((s, c) => s + c.duplicates, 0);
        const missing = expected - delivered;
        const problems: string[] = [];
        if (delivered === 0) problems.push('fanout: no message arrived at any client');
        if (missing > 0) problems.push(`fanout: ${fmt(missing)} of ${fmt(expected)} deliveries missing`);
        if (duplicates > 0) problems.push(`fanout: ${fmt(duplicates)} duplicate deliveries`);
        if (sendErrors.length) problems.push(`fanout: ${sendErrors.length} sends failed (${sendErrors[0]})`);
        // The server's main thread per message sent: CPU seconds x 1000 over the messages.
        const msPerMessage = Math.round((100 * cpu.serverMainThreadPercent * cpu.seconds * 10) / Math.max(1, sentOk)) / 100;
        const figure: CustomFigure = {
          scenario: NAME,
          name: NAME,
          description: `${DESCRIPTION} (${setup}; a message every ${INTERVAL_MS} ms)`,
          failed: null,
          summary:
            `${fmt(chosen.length)} clients x ${fmt(messages)} msgs: ${fmt(delivered)}/${fmt(expected)} delivered` +
            `${missing ? `, ${fmt(missing)} MISSING` : ''}; to all: p50 ${toAll?.p50 ?? '-'} ms, p99 ${toAll?.p99 ?? '-'} ms`,
          values: {
            clients: chosen.length,
            messages,
            intervalMs: INTERVAL_MS,
            warmupMessages: warmup,
            groupSize: originalSize,
            membersAdded: added,
            clientProcesses: hosts.length,
            expected,
            delivered,
            missing,
            duplicates,
            sendErrors: sendErrors.length,
            toAllP50Ms: toAll?.p50 ?? NaN,
            toAllP99Ms: toAll?.p99 ?? NaN,
            toAllMaxMs: toAll?.max ?? NaN,
            spreadP50Ms: spread?.p50 ?? NaN,
            spreadP99Ms: spread?.p99 ?? NaN,
            postAnswerP50Ms: postLat?.p50 ?? NaN,
            postAnswerP99Ms: postLat?.p99 ?? NaN,
            serverMainThreadMsPerMessage: msPerMessage,
            senderGcMs: pauses.gcMs,
            senderGcMaxMs: pauses.gcMaxMs,
            senderLoopDelayMaxMs: pauses.loopDelayMaxMs,
          },
          latencyMs: lat,
          serverCpuPercent: cpu.serverCpuPercent,
          serverMainThreadPercent: cpu.serverMainThreadPercent,
          serverRssMb: { before: mb(rssBefore), after: mb(rssAfter) },
          dbCpuPercent: cpu.dbCpuPercent,
          generatorCpuPercent: cpu.generatorCpuPercent,
          busiestGeneratorPercent: cpu.busiestGeneratorPercent,
          machineBusyPercent: cpu.machineBusyPercent,
          othersPercent: cpu.othersPercent,
          notes: [
            `clients per process: ${clientsPerHost.join(', ')}; the HTTP answer to each POST: p50 ${postLat?.p50 ?? '-'} ms, p99 ${postLat?.p99 ?? '-'} ms; ` +
              `the server's main thread spent ${msPerMessage} ms per message (commit, reading the event back, a send per socket)`,
            `the slowest POST answers: ${Array.from(answered)
              .map((ms, i) => ({ ms, i }))
              .filter((x) => !Number.isNaN(x.ms))
              .sort((a, b) => b.ms - a.ms)
              .slice(0, 5)
              .map((x) => `#${x.i} ${x.ms.toFixed(1)} ms`)
              .join(', ')}`,
            `"to all" is, per message, the time until the LAST client had it; from the first client to the last: p50 ${spread?.p50 ?? '-'} ms, p99 ${spread?.p99 ?? '-'} ms`,
            `the sender (a process of its own) while sending: ${pauses.gcMs} ms of garbage collection (longest ${pauses.gcMaxMs} ms), event loop delayed at most ${pauses.loopDelayMaxMs} ms`,
          ],
          problems,
        };
        return [figure];
      } finally {
        http.close();
        await Promise.all(hosts.map((h) => h.call('closeAll', {}).catch(() => undefined)));
        await stopHosts([sender, ...hosts]);
      }
    };
  },
};
