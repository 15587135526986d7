import type { Figure } from './load.js';
import type { CustomFigure } from './custom.js';

export interface Unavailable {
  scenario: string;
  description: string;
  needs: string;
}

const num = (n: number) => n.toLocaleString('en-US');
const ms = (n: number) => (n >= 100 ? String(Math.round(n)) : n.toFixed(1));

/** The results as a plain-text table (the same figures go to the JSON file). */
export function table(baseline: Figure | null, figures: Figure[], unavailable: Unavailable[]): string {
  const head = ['scenario', 'req/s', 'x hello', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'errors', 'non-2xx', 'server CPU', 'server RSS MB', 'db CPU', 'gen CPU'];
  const rows = [baseline ? { ...baseline, name: 'hello (baseline)' } : null, ...figures]
    .filter((f): f is Figure => f !== null)
    .map((f) => [
      f.name,
      num(f.reqPerSec),
      f.ratio === null ? '-' : `${(100 * f.ratio).toFixed(1)} %`,
      ms(f.latencyMs.p50),
      ms(f.latencyMs.p90),
      ms(f.latencyMs.p99),
      ms(f.latencyMs.max),
      num(f.errors),
      num(f.non2xx),
      `${f.serverCpuPercent} %`,
      `${f.serverRssMb.before} -> ${f.serverRssMb.after}`,
      f.dbCpuPercent === null ? '-' : `${f.dbCpuPercent} %`,
      `${f.generatorCpuPercent} %`,
    ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const out = [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
  for (const u of unavailable) out.push(`${u.scenario.padEnd(widths[0])}  not available: needs ${u.needs}`);
  return out.join('\n');
}

const pct = (n: number | null) => (n === null ? '-' : `${n} %`);

/** The realtime scenarios' figures (custom runs): a headline each, then the ramp of `users` and the notes. */
export function customTable(figures: CustomFigure[]): string {
  if (figures.length === 0) return '';
  const head = ['scenario', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'server CPU', 'main thread', 'server RSS MB', 'db CPU', 'gen CPU', 'machine', 'measured'];
  const rows = figures.map((f) =>
    f.failed
      ? [f.name, '', '', '', '', '', '', '', '', '', '', `could not run: ${f.failed}`]
      : [
          f.name,
          f.latencyMs ? ms(f.latencyMs.p50) : '-',
          f.latencyMs ? ms(f.latencyMs.p90) : '-',
          f.latencyMs ? ms(f.latencyMs.p99) : '-',
          f.latencyMs ? ms(f.latencyMs.max) : '-',
          pct(f.serverCpuPercent),
          pct(f.serverMainThreadPercent),
          f.serverRssMb ? `${f.serverRssMb.before} -> ${f.serverRssMb.after}` : '-',
          pct(f.dbCpuPercent),
          f.generatorCpuPercent === null ? '-' : `${f.generatorCpuPercent} % (max ${f.busiestGeneratorPercent} %)`,
          f.machineBusyPercent === null ? '-' : `${f.machineBusyPercent} % (others ${f.othersPercent} %)`,
          f.summary,
        ],
  );
  const out = [grid(head, rows)];
  for (const f of figures) {
    if (f.steps?.length) {
      out.push(`\n${f.name}: the ramp (each step measured over its hold, after the new users were connected)`);
      out.push(
        grid(
          ['users', 'connect s (main thread)', 'req/s', 'p50 ms', 'p99 ms', 'max ms', 'errors', 'frames/s', 'server CPU', 'main thread', 'db CPU', 'gen CPU', 'machine', 'health p50/p99 ms', 'RSS MB', 'verdict'],
          f.steps.map((s) => [
            num(s.users),
            `${s.connectSeconds.toFixed(1)} (${s.connectServerMainThreadPercent} %)`,
            num(s.reqPerSec),
            s.latencyMs ? ms(s.latencyMs.p50) : '-',
            s.latencyMs ? ms(s.latencyMs.p99) : '-',
            s.latencyMs ? ms(s.latencyMs.max) : '-',
            `${num(s.errors)} (${s.errorPercent} %)`,
            num(s.framesPerSec),
            `${s.serverCpuPercent} %`,
            `${s.serverMainThreadPercent} %`,
            pct(s.dbCpuPercent),
            `${s.generatorCpuPercent} % (max ${s.busiestGeneratorPercent} %)`,
            `${s.machineBusyPercent} % (others ${s.othersPercent} %)`,
            s.healthMs ? `${ms(s.healthMs.p50)} / ${ms(s.healthMs.p99)}` : '-',
            num(s.serverRssMb),
            `${s.broke ? `broke: ${s.broke}` : s.disturbed ? `disturbed: ${s.disturbed}` : 'held'} (slowest: ${s.slowest})`,
          ]),
        ),
      );
    }
    for (const n of f.notes) out.push(`${f.name}: ${n}`);
  }
  return out.join('\n');
}

/** Columns padded to their widest cell; the first and last left-aligned. */
function grid(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => (i === head.length - 1 ? 0 : Math.max(h.length, ...rows.map((r) => r[i].length))));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  return [line(head), widths.map((w, i) => '-'.repeat(i === head.length - 1 ? head[i].length : w)).join('  '), ...rows.map(line)].join('\n');
}
