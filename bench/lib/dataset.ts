import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { generate, type Manifest } from './generate.js';
import { ROOT } from './processes.js';
import { DATASET_VERSION, type Scale } from './scales.js';

/**
 * Generated companies are cached under bench/.data/<scale>-<db>/ (SQLite: the database file;
 * PostgreSQL: a database named after the scale) with their manifest, and rebuilt when
 * DATASET_VERSION or the seed changes. Every run works on its own COPY (named after its process
 * id), so the writes of one run never leak into the next, and two runs at the same time (several
 * people share a machine) do not replace each other's copy. Copies left by runs that died are
 * removed by the next run.
 */
export interface Dataset {
  manifest: Manifest;
  /** Freshly generated in this run (else taken from the cache). */
  generated: boolean;
  /** The environment that points the server at the working copy. */
  env: Record<string, string>;
  /** Drop the working copy. */
  cleanup(): Promise<void>;
}

export const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** Whether a process with this id still runs. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Remove the working copies (`run-<pid>`) of runs that are gone. */
function removeOrphanCopies(dir: string) {
  for (const entry of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    const m = /^run-(\d+)$/.exec(entry);
    if (m && !alive(Number(m[1]))) fs.rmSync(path.join(dir, entry), { recursive: true, force: true });
  }
}

function readManifest(file: string, seed: number): Manifest | null {
  try {
    const m = JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
    return m.version === DATASET_VERSION && m.seed === seed ? m : null;
  } catch {
    return null;
  }
}

export async function sqliteDataset(scale: Scale, seed: number, fresh: boolean): Promise<Dataset> {
  const dir = path.join(ROOT, 'bench/.data', `${scale.name}-sqlite`);
  const seedDir = path.join(dir, 'seed');
  const manifestFile = path.join(dir, 'manifest.json');
  let manifest = fresh ? null : readManifest(manifestFile, seed);
  const generated = manifest === null;
  if (!manifest) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(seedDir, { recursive: true });
    manifest = await generate({ scale, seed, target: { kind: 'sqlite', dataDir: seedDir } });
    fs.writeFileSync(manifestFile, JSON.stringify(manifest));
  }
  removeOrphanCopies(dir);
  const runDir = path.join(dir, `run-${process.pid}`);
  fs.rmSync(runDir, { recursive: true, force: true });
  fs.mkdirSync(runDir);
  fs.copyFileSync(path.join(seedDir, 'atrium.db'), path.join(runDir, 'atrium.db'));
  return {
    manifest,
    generated,
    env: { ATRIUM_DATA_DIR: runDir, DATABASE_URL: `sqlite:${path.join(runDir, 'atrium.db')}` },
    cleanup: async () => fs.rmSync(runDir, { recursive: true, force: true }),
  };
}

async function admin<T>(adminUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

const urlFor = (adminUrl: string, name: string) => {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
};

/** PostgreSQL: the generated company is a database kept as a template; each run gets a copy of it. */
export async function postgresDataset(scale: Scale, seed: number, fresh: boolean, adminUrl: string): Promise<Dataset> {
  const dir = path.join(ROOT, 'bench/.data', `${scale.name}-postgres`);
  const manifestFile = path.join(dir, 'manifest.json');
  const seeded = `atrium_bench_${scale.name.toLowerCase()}`;
  const working = `atrium_bench_${scale.name.toLowerCase()}_run_${process.pid}`;
  const exists = await admin(adminUrl, async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [seeded])).rowCount === 1);
  let manifest = fresh || !exists ? null : readManifest(manifestFile, seed);
  const generated = manifest === null;
  if (!manifest) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    await admin(adminUrl, async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${seeded} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${seeded}`);
    });
    manifest = await generate({ scale, seed, target: { kind: 'postgres', url: urlFor(adminUrl, seeded) } });
    fs.writeFileSync(manifestFile, JSON.stringify(manifest));
  }
  await admin(adminUrl, async (c) => {
    // Copies of runs that are gone.
    const old = await c.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`atrium_bench_${scale.name.toLowerCase()}_run_%`]);
    for (const { datname } of old.rows) {
      const m = /_run_(\d+)$/.exec(datname);
      if (m && !alive(Number(m[1]))) await c.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    }
    await c.query(`DROP DATABASE IF EXISTS ${working} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${working} TEMPLATE ${seeded}`);
  });
  removeOrphanCopies(dir);
  const runDir = path.join(dir, `run-${process.pid}`);
  fs.mkdirSync(runDir, { recursive: true });
  return {
    manifest,
    generated,
    env: { ATRIUM_DATA_DIR: runDir, DATABASE_URL: urlFor(adminUrl, working) },
    cleanup: async () => {
      await admin(adminUrl, async (c) => void (await c.query(`DROP DATABASE IF EXISTS ${working} WITH (FORCE)`)));
      fs.rmSync(runDir, { recursive: true, force: true });
    },
  };
}
