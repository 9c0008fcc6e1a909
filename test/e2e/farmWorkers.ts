import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../packages/cli/dist/bin.js', import.meta.url));

/** One JSON line a worker (`ott worker --json`) printed. */
export type WorkerLine = Record<string, unknown> & { readonly type: string; readonly action?: string; readonly jobId?: string; readonly kind?: string };

/** An `ott worker` process started by a test. */
export interface WorkerProcess {
  readonly pid: number;
  /** Every JSON line so far, in order. */
  readonly lines: readonly WorkerLine[];
  /** Resolves with the first line (already printed or to come) that matches; rejects after `timeoutMs`. */
  waitFor(predicate: (line: WorkerLine) => boolean, timeoutMs?: number): Promise<WorkerLine>;
  /** Sends `signal` to the worker's Node process only (its ffmpeg children are not signalled). */
  kill(signal: NodeJS.Signals): void;
  /** Resolves when the Node process has exited. */
  readonly exited: Promise<void>;
  /** Stops the worker and everything it started (its process group), SIGTERM then SIGKILL. */
  stop(): Promise<void>;
}

/**
 * Starts the BUILT `ott worker --redis <url> --json` (after `npm run build`) in its own process group, so a test can
 * SIGKILL the worker alone (its ffmpeg then dies on the broken pipe) and still clean up every process it started.
 * Resolves once the worker printed its `ready` line.
 */
export async function spawnWorker(redisUrl: string, args: readonly string[] = [], env: NodeJS.ProcessEnv = process.env): Promise<WorkerProcess> {
  const child: ChildProcess = spawn(process.execPath, [BIN, 'worker', '--redis', redisUrl, '--json', ...args], { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env });
  const lines: WorkerLine[] = [];
  const waiters = new Set<() => void>();
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (text) => {
    try {
      lines.push(JSON.parse(text) as WorkerLine);
    } catch {
      lines.push({ type: 'text', text });
    }
    for (const wake of waiters) wake();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => {
    for (const wake of waiters) wake();
    resolve();
  }));
  const waitFor = (predicate: (line: WorkerLine) => boolean, timeoutMs = 60_000): Promise<WorkerLine> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        const found = lines.find(predicate);
        if (found) {
          done();
          resolve(found);
        } else if (child.exitCode !== null || child.signalCode !== null) {
          done();
          reject(new Error(`worker ${child.pid} exited (${child.exitCode ?? child.signalCode}) before the expected line; stderr: ${stderr}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`worker ${child.pid}: no matching line within ${timeoutMs} ms; last lines: ${JSON.stringify(lines.slice(-5))}; stderr: ${stderr}`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });
  const pid = child.pid ?? -1;
  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  };
  const worker: WorkerProcess = {
    pid,
    lines,
    waitFor,
    kill: (signal) => child.kill(signal),
    exited,
    stop: async () => {
      signalGroup('SIGTERM');
      const timer = setTimeout(() => signalGroup('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
      signalGroup('SIGKILL'); // orphans of a killed worker (same process group)
    },
  };
  await waitFor((line) => line.type === 'worker' && line.action === 'ready', 20_000);
  return worker;
}
