import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';

/** How an ffmpeg run ended. */
export interface FfmpegExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Set when the process could not be started (e.g. ENOENT). */
  readonly spawnError?: Error;
  /** `true` when {@link FfmpegProcess.kill} was called before it ended. */
  readonly killed: boolean;
}

/** A running ffmpeg with N output pipes. */
export interface FfmpegProcess {
  readonly pid: number | undefined;
  /** Output pipes, fd 3, 4, … in order. Start paused-capable Node readables (attach 'data' to read). */
  readonly outputs: readonly Readable[];
  /** stdout, where `-progress pipe:1` writes key=value blocks. */
  readonly progress: Readable;
  /** Resolves once the process has exited and every pipe is closed (all output read). Never rejects. */
  readonly exited: Promise<FfmpegExit>;
  /** The last lines ffmpeg wrote to stderr (warnings and errors with `-loglevel warning`). */
  stderrTail(): readonly string[];
  /** SIGTERM, then SIGKILL if it has not ended after the grace period; closes our pipe ends so it cannot block. */
  kill(): void;
}

/** Options of {@link runFfmpeg}. */
export interface RunFfmpegOptions {
  readonly ffmpegPath: string;
  /** Number of output pipes (fds 3 … 3 + n − 1). */
  readonly outputCount: number;
  /** How long SIGTERM may take before SIGKILL (default 2000 ms). */
  readonly killGraceMs?: number;
  /** Lines of stderr to keep (default 20). */
  readonly stderrLines?: number;
  /**
   * Bytes to feed ffmpeg's stdin (`-i pipe:0`), piped with backpressure. When ffmpeg exits first, the rest is
   * discarded (the stream is unpiped and resumed so its producer is not left blocked). Default: stdin ignored.
   */
  readonly stdin?: Readable;
}

const MAX_LINE = 2000;

/**
 * Starts ffmpeg with stdio `['ignore', 'pipe', 'pipe', 'pipe' × outputCount]`. Process handling only: arguments come
 * from `buildLadderArgs`, so the backend can be swapped without touching the operator.
 */
export function runFfmpeg(args: readonly string[], options: RunFfmpegOptions): FfmpegProcess {
  const stdio: ('ignore' | 'pipe')[] = [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe', ...Array.from({ length: options.outputCount }, () => 'pipe' as const)];
  // SVT-AV1 prints its configuration banner to stderr at info level; keep warnings and errors only.
  const child = spawn(options.ffmpegPath, args, { stdio, env: { ...process.env, SVT_LOG: process.env.SVT_LOG ?? '2' } });
  const outputs = child.stdio.slice(3) as Readable[];
  if (options.stdin && child.stdin) feedStdin(options.stdin, child.stdin);
  const keep = options.stderrLines ?? 20;
  const tail: string[] = [];
  let partial = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    const lines = (partial + text).split(/\r?\n|\r/);
    partial = (lines.pop() ?? '').slice(-MAX_LINE);
    for (const line of lines) {
      if (line.trim() === '') continue;
      tail.push(line.slice(0, MAX_LINE));
      if (tail.length > keep) tail.shift();
    }
  });
  let killed = false;
  let killTimer: NodeJS.Timeout | undefined;
  const exited = new Promise<FfmpegExit>((resolve) => {
    child.once('error', (spawnError) => {
      // 'error' without a process: 'close' may never come.
      if (child.pid === undefined) resolve({ code: null, signal: null, spawnError, killed });
    });
    child.once('close', (code, signal) => {
      if (killTimer) clearTimeout(killTimer);
      resolve({ code, signal, killed });
    });
  });
  return {
    pid: child.pid,
    outputs,
    progress: child.stdout as Readable,
    exited,
    stderrTail: () => (partial.trim() ? [...tail, partial] : [...tail]).slice(-keep),
    kill: () => {
      if (killed) return;
      killed = true;
      for (const stream of [...outputs, child.stdout, child.stderr]) stream?.destroy();
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      killTimer = setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }, options.killGraceMs ?? 2000);
      killTimer.unref();
    },
  };
}

/** Pipes `input` into ffmpeg's stdin; EPIPE when ffmpeg exits first is expected and only ends the feeding. */
function feedStdin(input: Readable, stdin: NodeJS.WritableStream & { destroyed?: boolean; on(event: 'error' | 'close', fn: () => void): unknown }): void {
  const stop = (): void => {
    input.unpipe(stdin);
    input.resume(); // drain what the producer still sends; it ends on its own (publisher gone)
  };
  stdin.on('error', stop);
  stdin.on('close', stop);
  input.on('error', () => stdin.end());
  input.pipe(stdin);
}
