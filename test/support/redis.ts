import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './freePort.js';

/** Options of {@link startRedis}. */
export interface RedisOptions {
  /**
   * Keep the data across a restart (append-only file, fsync on every write) so a test can stop Redis mid-job and
   * start it again. Default: no persistence at all (`--save '' --appendonly no`).
   */
  readonly persistence?: boolean;
}

/** A Debian `redis-server` the test started on 127.0.0.1. */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>`. */
  readonly url: string;
  readonly port: number;
  /** Stops it (SIGTERM: with persistence the append-only file is flushed first). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data folder (after {@link RedisServer.stop}). */
  start(): Promise<void>;
  /** Total commands executed so far (`INFO commandstats`, summed `calls`). */
  commandCount(): Promise<number>;
  /** Stops it and removes its data folder. */
  close(): Promise<void>;
}

/**
 * Starts `redis-server` (Debian package; `REDIS_SERVER` overrides the binary) on a free port of 127.0.0.1 with its
 * own data folder, and resolves once it accepts connections. Fails loudly when the binary is missing.
 *
 * @example
 * ```ts
 * const redis = await startRedis();
 * // … new Queue('q', { connection: { url: redis.url } }) …
 * await redis.close();
 * ```
 */
export async function startRedis(options: RedisOptions = {}): Promise<RedisServer> {
  const dir = await mkdtemp(join(tmpdir(), 'ott-redis-'));
  const port = await freePort();
  const args = [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--daemonize', 'no', '--logfile', '',
    ...(options.persistence ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']),
  ];
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    child = await launch(args);
  };
  const stop = async (): Promise<void> => {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGTERM');
    });
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start,
    stop,
    commandCount: async () => {
      const text = await capture('redis-cli', ['-p', String(port), 'info', 'commandstats']);
      return [...text.matchAll(/calls=(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    },
    close: async () => {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function launch(args: readonly string[]): Promise<ChildProcess> {
  const binary = process.env['REDIS_SERVER'] ?? 'redis-server';
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    const timer = setTimeout(() => fail(new Error(`redis-server did not become ready within 10 s:\n${log.slice(-2000)}`)), 10_000);
    const fail = (error: Error): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.on('error', (error) => fail(new Error(`Could not start ${binary} (${error.message}). Install Debian redis-server (apt-get install redis-server) or set REDIS_SERVER.`)));
    child.on('exit', (code) => fail(new Error(`redis-server exited with ${code} before it was ready:\n${log.slice(-2000)}`)));
    const onOutput = (chunk: Buffer): void => {
      log += chunk.toString();
      if (!log.includes('Ready to accept connections')) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.stdout?.removeAllListeners('data').resume();
      resolve(child);
    };
    child.stdout?.on('data', onOutput);
    child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  });
}


function capture(command: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} exited ${code}`))));
  });
}
