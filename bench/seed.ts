/**
 * `npm run bench:seed -- --scale S|M|L [--data-dir DIR | --database-url URL] [--seed N] [--keep-indexes]`
 *
 * Fills a FRESH instance with a generated company (see lib/generate.ts and docs/benchmarks.md).
 * Progress goes to stderr; the last line of output is `login: EMAIL PASSWORD`.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generate, type Target } from './lib/generate.js';
import { scaleNamed } from './lib/scales.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: 'S' },
    'data-dir': { type: 'string' },
    'database-url': { type: 'string' },
    seed: { type: 'string', default: '1' },
    'keep-indexes': { type: 'boolean', default: false },
  },
});

const scale = scaleNamed(values.scale);
const url = values['database-url'];
if (url && values['data-dir']) throw new Error('give --data-dir or --database-url, not both');
let target: Target;
if (url?.startsWith('postgres://') || url?.startsWith('postgresql://')) target = { kind: 'postgres', url };
else if (url?.startsWith('sqlite:')) target = { kind: 'sqlite', dataDir: path.dirname(path.resolve(url.slice('sqlite:'.length))) };
else if (url) throw new Error('--database-url must be postgres://… or sqlite:<dir>/atrium.db');
else target = { kind: 'sqlite', dataDir: path.resolve(values['data-dir'] ?? './data') };
if (target.kind === 'sqlite' && url && path.basename(url) !== 'atrium.db') throw new Error('a SQLite instance lives in <dir>/atrium.db');

const manifest = await generate({ scale, seed: Number(values.seed), target, keepIndexes: values['keep-indexes'] });
const counts = Object.entries(manifest.counts)
  .map(([table, n]) => `${table} ${n.toLocaleString('en-US')}`)
  .join(', ');
console.log(`scale ${scale.name} (seed ${manifest.seed}) generated in ${manifest.seconds} s: ${counts}`);
console.log(`login: ${manifest.login.email} ${manifest.login.password}`);
