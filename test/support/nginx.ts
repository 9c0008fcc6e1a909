import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './freePort.js';

/** The documented edge configuration (a template with `${OTT_ORIGIN}`, `${OTT_EDGE_LISTEN}`, `${OTT_CACHE_DIR}`). */
export const EDGE_CONFIG_PATH = fileURLToPath(new URL('../../deploy/nginx/ott-edge.conf', import.meta.url));

/** What {@link startNginx} knows when it asks for the `http {}` content: where to listen and its own folder. */
export interface NginxSlot {
  /** `127.0.0.1:<free port>`, for the `listen` directive. */
  readonly listen: string;
  /** The nginx prefix folder (temporary, removed by `stop()`): put caches and other files here. */
  readonly dir: string;
}

/** Options of {@link startNginx}. */
export interface NginxOptions {
  /** The content of the `http {}` block (servers, upstreams, caches) for this slot. */
  readonly http: (slot: NginxSlot) => string;
  /** Worker processes (default 1). */
  readonly workers?: number;
  /** `worker_connections` (default 4096). */
  readonly workerConnections?: number;
  /** Extra main-context directives, e.g. `worker_cpu_affinity 01;` (benchmarks). */
  readonly main?: string;
}

/** A Debian nginx the test started on 127.0.0.1. */
export interface Nginx {
  /** `http://127.0.0.1:<port>/`. */
  readonly url: string;
  readonly port: number;
  /** Its prefix folder. */
  readonly dir: string;
  /** What nginx wrote to stderr so far (error log). */
  readonly log: () => string;
  /** Stops it (SIGTERM, then SIGKILL to its process group after 5 s) and removes its folder. */
  stop(): Promise<void>;
}

/**
 * Renders `deploy/nginx/ott-edge.conf` for an origin at `origin` (`host:port`), as `envsubst` would with the three
 * documented variables.
 */
export function renderEdgeConfig(values: { readonly origin: string; readonly listen: string; readonly cacheDir: string }): string {
  const vars: Readonly<Record<string, string>> = { OTT_ORIGIN: values.origin, OTT_EDGE_LISTEN: values.listen, OTT_CACHE_DIR: values.cacheDir };
  return readFileSync(EDGE_CONFIG_PATH, 'utf8').replace(/\$\{(OTT_[A-Z_]+)\}/g, (whole, name: string) => vars[name] ?? whole);
}

/**
 * Starts Debian nginx (`NGINX` overrides `/usr/sbin/nginx`) as the caller's own foreground process: its own prefix
 * folder, config, pid file and temp paths in a temporary folder, listening on a free port of 127.0.0.1, error log on
 * stderr; no system configuration is read. Resolves once the port accepts connections. As root, workers also run
 * as root (the default `nobody` could not read the caller's temporary folders); otherwise nginx runs as the caller.
 *
 * @example
 * ```ts
 * const edge = await startNginx({ http: ({ listen, dir }) => renderEdgeConfig({ origin: '127.0.0.1:8080', listen, cacheDir: `${dir}/cache` }) });
 * await fetch(`${edge.url}live/master.m3u8`);
 * await edge.stop();
 * ```
 */
export async function startNginx(options: NginxOptions): Promise<Nginx> {
  const dir = await mkdtemp(join(tmpdir(), 'ott-nginx-'));
  try {
    const port = await freePort();
    const slot: NginxSlot = { listen: `127.0.0.1:${port}`, dir };
    const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'];
    await Promise.all(temp.map((name) => mkdir(join(dir, 'temp', name), { recursive: true })));
    const asRoot = process.getuid?.() === 0;
    const config = [
      asRoot ? 'user root root;' : '',
      `worker_processes ${options.workers ?? 1};`,
      options.main ?? '',
      `events { worker_connections ${options.workerConnections ?? 4096}; }`,
      'http {',
      '    access_log off;',
      ...temp.map((name) => `    ${name}_temp_path ${join(dir, 'temp', name)};`),
      '    types { application/vnd.apple.mpegurl m3u8; application/dash+xml mpd; video/iso.segment m4s; video/mp4 mp4; }',
      '    default_type application/octet-stream;',
      '    keepalive_requests 100000;',
      options.http(slot),
      '}',
      '',
    ].join('\n');
    await writeFile(join(dir, 'nginx.conf'), config);
    const child = await launch(dir, port);
    let log = '';
    child.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-20_000)));
    return {
      url: `http://127.0.0.1:${port}/`,
      port,
      dir,
      log: () => log,
      stop: async () => {
        await stopChild(child);
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

function launch(dir: string, port: number): Promise<ChildProcess> {
  const binary = process.env['NGINX'] ?? '/usr/sbin/nginx';
  const args = ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', `daemon off; master_process on; pid ${join(dir, 'nginx.pid')}; error_log stderr warn;`];
  return new Promise((resolve, reject) => {
    // Its own process group, so that a last-resort SIGKILL reaches the workers too (see stopChild).
    const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    let log = '';
    let settled = false;
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      killGroup(child);
      reject(error);
    };
    child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.once('error', (error) => fail(new Error(`Could not start ${binary} (${error.message}). Install Debian nginx (apt-get install nginx) or set NGINX.`)));
    child.once('exit', (code) => fail(new Error(`nginx exited with ${code} before it listened:\n${log.slice(-3000)}`)));
    const deadline = Date.now() + 10_000;
    const probe = (): void => {
      if (settled) return;
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        if (settled) return;
        settled = true;
        child.removeAllListeners('exit');
        resolve(child);
      });
      socket.once('error', () => {
        socket.destroy();
        if (Date.now() > deadline) fail(new Error(`nginx did not listen on 127.0.0.1:${port} within 10 s:\n${log.slice(-3000)}`));
        else setTimeout(probe, 50);
      });
    };
    probe();
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    // SIGTERM is nginx's fast shutdown: the master closes connections, stops its workers and exits. Held requests
    // would keep a graceful one (SIGQUIT) waiting. If the master hangs, kill its whole group (master + workers).
    const timer = setTimeout(() => killGroup(child), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function killGroup(child: ChildProcess): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

