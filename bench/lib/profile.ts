import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './processes.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * Where a function lives: a package, a server source file, Node itself, or V8's own entries.
 * (Line numbers are left out: tsx's transpiled positions do not match the sources.)
 */
function area(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const rel = path.relative(ROOT, url.replace(/^file:\/\//, ''));
  return rel.startsWith('packages/server/src/') ? rel.split('/').slice(3).join('/') : rel;
}

/**
 * Summarize a V8 .cpuprofile (node --cpu-prof): self time by area and by function, and inclusive
 * time of the heaviest functions: enough to see what dominates without a profiler UI.
 */
export function summarize(file: string, top = 20): string {
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let total = 0;
  p.samples.forEach((id, i) => {
    const dt = p.timeDeltas[i] ?? 0;
    self.set(id, (self.get(id) ?? 0) + dt);
    total += dt;
  });
  const key = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${area(n.callFrame.url, n.callFrame.functionName)}`;
  const selfBy = new Map<string, number>();
  const areaBy = new Map<string, number>();
  const inclusive = new Map<string, number>();
  // Inclusive time: walk the tree, counting each function once per stack (recursion).
  const walk = (id: number, onStack: Set<string>): number => {
    const n = byId.get(id)!;
    const k = key(n);
    let t = self.get(id) ?? 0;
    selfBy.set(k, (selfBy.get(k) ?? 0) + t);
    const a = area(n.callFrame.url, n.callFrame.functionName);
    areaBy.set(a, (areaBy.get(a) ?? 0) + t);
    const fresh = !onStack.has(k);
    if (fresh) onStack.add(k);
    for (const c of n.children ?? []) t += walk(c, onStack);
    if (fresh) {
      onStack.delete(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + t);
    }
    return t;
  };
  walk(p.nodes[0].id, new Set());
  const pct = (t: number) => `${((100 * t) / total).toFixed(1).padStart(5)} %`;
  const list = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, t]) => `  ${pct(t)}  ${k}`)
      .join('\n');
  const busy = total - (areaBy.get('(idle)') ?? 0);
  return [
    `profile ${path.relative(ROOT, file)}: ${(total / 1e6).toFixed(1)} s sampled, ${pct(busy).trim()} busy`,
    'self time by area:',
    list(areaBy, 15),
    'self time by function:',
    list(selfBy, top),
    'inclusive time by function (server code only):',
    list(new Map([...inclusive].filter(([k]) => / (modules|feed|http|lib|db|policies)\//.test(k))), top),
  ].join('\n');
}
