import type { Figure } from './load.js';

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
