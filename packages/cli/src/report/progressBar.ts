import type { ProgressEvent } from '@ott/core';

/** A progress display for a long job. */
export interface ProgressBar {
  update(event: ProgressEvent): void;
  segment(): void;
  note(message: string): void;
  done(): void;
  stop(): void;
}

const WIDTH = 30;

/**
 * A one-line progress bar redrawn in place when `stream` is a terminal; otherwise one plain line per 10 % so logs
 * stay readable.
 */
export function createProgressBar(stream: NodeJS.WriteStream): ProgressBar {
  const tty = stream.isTTY === true;
  let last: ProgressEvent | undefined;
  let segments = 0;
  let lastDecile = -1;
  let drawn = false;

  const render = (): void => {
    if (!last) return;
    const percent = Math.max(0, Math.min(100, last.percent));
    if (tty) {
      const filled = Math.round((percent / 100) * WIDTH);
      const parts = [`[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${percent.toFixed(1).padStart(5)}%`];
      if (last.speed !== undefined) parts.push(`${last.speed.toFixed(2)}x`);
      if (last.fps !== undefined) parts.push(`${Math.round(last.fps)} fps`);
      if (last.etaSeconds !== undefined && Number.isFinite(last.etaSeconds)) parts.push(`eta ${Math.ceil(last.etaSeconds)}s`);
      parts.push(`${segments} segments`);
      stream.write(`\r${parts.join('  ')}\x1b[K`);
      drawn = true;
      return;
    }
    const decile = Math.floor(percent / 10);
    if (decile > lastDecile) {
      lastDecile = decile;
      const speed = last.speed === undefined ? '' : ` speed ${last.speed.toFixed(2)}x`;
      stream.write(`progress ${percent.toFixed(0)}% (${last.processedSeconds.toFixed(1)} s)${speed}\n`);
    }
  };

  const clear = (): void => {
    if (tty && drawn) stream.write('\r\x1b[K');
    drawn = false;
  };

  return {
    update(event) {
      last = event;
      render();
    },
    segment() {
      segments += 1;
      if (tty) render();
    },
    note(message) {
      clear();
      stream.write(`${message}\n`);
      render();
    },
    done() {
      if (last && last.percent < 100) last = { ...last, percent: 100 };
      render();
      if (tty) stream.write('\n');
    },
    stop() {
      clear();
    },
  };
}
