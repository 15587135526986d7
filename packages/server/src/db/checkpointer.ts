import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * WAL checkpoints off the event loop. SQLite normally copies the write-ahead log back into the
 * database file inside whichever commit crosses 1,000 pages: on a large database that is many
 * random writes and an fsync, stalling every request for tens of milliseconds. Here the serving
 * connection never checkpoints (`wal_autocheckpoint = 0`); a worker thread with a connection of its
 * own runs PASSIVE checkpoints (they never block writers or readers) whenever the log has grown.
 * If the worker dies it is started again; at close the serving connection truncates the log.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.module);
const db = new SQLite(workerData.file);
db.pragma('busy_timeout = 5000');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (err) { parentPort.postMessage(String(err)); }
}, workerData.everyMs);
parentPort.on('message', (m) => { if (m === 'stop') { clearInterval(timer); db.close(); process.exit(0); } });
`;

export class Checkpointer {
  private worker: Worker | null = null;
  private stopped = false;

  constructor(
    private file: string,
    private everyMs = 250,
    private onError: (message: string) => void = () => undefined,
  ) {
    this.start();
  }

  private start() {
    const module = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER, { eval: true, workerData: { file: this.file, module, everyMs: this.everyMs } });
    worker.unref();
    worker.on('message', (m: string) => this.onError(m));
    worker.on('error', (err) => this.onError(String(err)));
    worker.on('exit', () => {
      if (!this.stopped) this.start();
    });
    this.worker = worker;
  }

  async stop() {
    this.stopped = true;
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    worker.ref(); // while we wait for it: an unreferenced worker would let the process exit under an await
    worker.postMessage('stop');
    await exited;
  }
}
