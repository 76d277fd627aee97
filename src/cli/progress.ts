/** A progress bar on standard error: redrawn in place on a terminal, a line every 10 % otherwise. */
import type { CliIo } from './io.js';

export interface Progress {
  update(done: number): void;
  end(): void;
}

const WIDTH = 30;

export function progressBar(io: CliIo, total: number, label: string, now = () => Date.now()): Progress {
  const started = now();
  let lastTenth = -1;
  let lastDraw = 0;
  const line = (done: number): string => {
    const share = total === 0 ? 1 : Math.min(1, done / total);
    const filled = Math.round(share * WIDTH);
    const seconds = ((now() - started) / 1000).toFixed(1);
    return `${label} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${Math.floor(share * 100)}% ${done.toLocaleString('en')}/${total.toLocaleString('en')} ${seconds} s`;
  };
  return {
    update(done) {
      if (io.stderrIsTTY === true) {
        if (now() - lastDraw < 100 && done < total) return;
        lastDraw = now();
        io.err(`\r${line(done)}`);
        return;
      }
      const tenth = total === 0 ? 10 : Math.floor((done / total) * 10);
      if (tenth === lastTenth) return;
      lastTenth = tenth;
      io.err(`${line(done)}\n`);
    },
    end() {
      if (io.stderrIsTTY === true) io.err('\n');
    },
  };
}
