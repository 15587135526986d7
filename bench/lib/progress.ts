/**
 * A progress bar on stderr: redrawn in place on a terminal, a line per quarter otherwise (CI logs).
 * stdout stays free for results and the generator's final `login:` line.
 */
export interface Progress {
  tick(n?: number): void;
  done(note?: string): void;
}

const WIDTH = 30;
const fmt = (n: number) => n.toLocaleString('en-US');

export function progress(label: string, total: number): Progress {
  const tty = process.stderr.isTTY === true;
  const started = Date.now();
  let count = 0;
  let drawnAt = 0;
  let quarter = 0;
  const line = () => {
    const share = total > 0 ? Math.min(1, count / total) : 1;
    const filled = Math.round(share * WIDTH);
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    return `${label.padEnd(10)} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${String(Math.floor(share * 100)).padStart(3)}% ${fmt(count)}/${fmt(total)} ${secs}s`;
  };
  return {
    tick(n = 1) {
      count += n;
      const now = Date.now();
      if (tty && now - drawnAt > 100) {
        drawnAt = now;
        process.stderr.write(`\r${line()}`);
      } else if (!tty && total > 0 && Math.floor((4 * count) / total) > quarter && count < total) {
        quarter = Math.floor((4 * count) / total);
        process.stderr.write(`${line()}\n`);
      }
    },
    done(note = '') {
      count = Math.max(count, total);
      process.stderr.write(`${tty ? '\r' : ''}${line()}${note ? `  ${note}` : ''}\n`);
    },
  };
}
