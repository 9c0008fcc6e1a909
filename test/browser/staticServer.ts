import { createReadStream, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PLAYER_PAGES, PLAYER_SCRIPTS, playerPageHtml } from './playerPage.js';
import type { PlayerName } from './playerPage.js';

/** Handles one request for an extra route; the server answers 500 if it throws. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** Options of {@link startStaticServer}. */
export interface StaticServerOptions {
  /** Handlers by exact URL pathname (e.g. `/live/index.m3u8`), tried before files in `rootDir`. */
  readonly extraRoutes?: Readonly<Record<string, RouteHandler>>;
  /** Called with every request before it is answered (e.g. to record query strings and headers such as CMCD). */
  readonly onRequest?: (req: IncomingMessage) => void;
}

/** A running server from {@link startStaticServer}. */
export interface StaticServer {
  /** Base URL without trailing slash, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** Pathnames requested so far, in order (query strings removed), to assert what a player fetched. */
  readonly requests: readonly string[];
  close(): Promise<void>;
}

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.mpd': 'application/dash+xml',
  '.mp4': 'video/mp4',
  '.m4s': 'video/iso.segment',
  '.m4v': 'video/mp4',
  '.m4a': 'audio/mp4',
  '.cmfv': 'video/mp4',
  '.cmfa': 'audio/mp4',
  '.ts': 'video/mp2t',
  '.aac': 'audio/aac',
  '.vtt': 'text/vtt',
  '.webm': 'video/webm',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.key': 'application/octet-stream',
};

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
  'Access-Control-Allow-Headers': 'Range, Content-Type',
  'Access-Control-Expose-Headers': 'Content-Length, Content-Range, Accept-Ranges',
} as const;

/** Finds `node_modules/<relative>` from this file's folder upwards (npm workspaces hoist to the root). */
function findInNodeModules(relative: string): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'node_modules', relative);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`Expected node_modules/${relative} above ${fileURLToPath(import.meta.url)}; run npm install at the repo root.`);
    }
    dir = parent;
  }
}

/** Parses a single `bytes=` range (RFC 9110 §14.1.2); null means "serve the whole file", 'invalid' means 416. */
function parseRange(header: string | undefined, size: number): { start: number; end: number } | null | 'invalid' {
  if (header === undefined) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null; // multi-range or other units: ignoring Range and sending 200 is allowed
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return 'invalid';
  let start: number;
  let end: number;
  if (first === '') {
    start = Math.max(0, size - Number(last));
    end = size - 1;
  } else {
    start = Number(first);
    end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  }
  if (start >= size || start > end) return 'invalid';
  return { start, end };
}

function sendText(res: ServerResponse, status: number, text: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { ...CORS_HEADERS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(text) });
  res.end(res.req.method === 'HEAD' ? undefined : text);
}

async function sendFile(req: IncomingMessage, res: ServerResponse, file: string): Promise<void> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) return sendText(res, 404, `Not found: ${req.url ?? ''}`);
  const type = MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  const range = parseRange(req.headers.range, info.size);
  const headers = { ...CORS_HEADERS, 'Content-Type': type, 'Accept-Ranges': 'bytes', 'Cache-Control': 'no-cache' };
  if (range === 'invalid') {
    res.writeHead(416, { ...headers, 'Content-Range': `bytes */${info.size}` });
    res.end();
    return;
  }
  const { start, end } = range ?? { start: 0, end: info.size - 1 };
  if (range) {
    res.writeHead(206, { ...headers, 'Content-Range': `bytes ${start}-${end}/${info.size}`, 'Content-Length': end - start + 1 });
  } else {
    res.writeHead(200, { ...headers, 'Content-Length': info.size });
  }
  if (req.method === 'HEAD' || info.size === 0) {
    res.end();
    return;
  }
  const stream = createReadStream(file, { start, end });
  stream.on('error', (error) => res.destroy(error));
  stream.pipe(res);
}

/** Maps a URL pathname to a file inside `root`, or undefined if it would escape `root`. */
function resolveInside(root: string, pathname: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  // Refuse `..` segments outright (also percent-encoded ones, decoded above) instead of normalising
  // them away, so a test that probes traversal sees a 403 rather than an accidental 404.
  if (decoded.includes('\0') || decoded.split(/[/\\]/).includes('..')) return undefined;
  const file = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  return file === root || file.startsWith(root + path.sep) ? file : undefined;
}

async function handle(root: string, options: StaticServerOptions, requests: string[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  // Not `new URL(...)`: it resolves `..` (even `%2e%2e`) away, and traversal must be seen to refuse it.
  const pathname = (req.url ?? '/').split('?')[0] ?? '/';
  requests.push(pathname);
  options.onRequest?.(req);
  if (req.method === 'OPTIONS') {
    res.writeHead(204, CORS_HEADERS);
    res.end();
    return;
  }
  const extra = options.extraRoutes?.[pathname];
  if (extra) return extra(req, res);
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, `Method ${req.method ?? ''} not allowed`);
  if (pathname.startsWith('/_players/')) {
    const name = pathname.slice('/_players/'.length);
    if (Object.hasOwn(PLAYER_SCRIPTS, name)) {
      return sendFile(req, res, findInNodeModules(PLAYER_SCRIPTS[name as keyof typeof PLAYER_SCRIPTS]));
    }
    const player = (Object.keys(PLAYER_PAGES) as PlayerName[]).find((p) => PLAYER_PAGES[p] === name);
    if (player) return sendText(res, 200, playerPageHtml(player), MIME_TYPES['.html']);
  }
  const file = resolveInside(root, pathname);
  if (!file) return sendText(res, 403, `Refused: ${pathname} is outside the served folder`);
  return sendFile(req, res, file);
}

/**
 * Serves `rootDir` over HTTP on 127.0.0.1 (random port) for browser tests: media MIME types,
 * single byte ranges (206/416), `Access-Control-Allow-Origin: *`, no path traversal, plus the
 * reference players under `/_players/` (`hls.min.js`, `dash.all.min.js`, `shaka-player.compiled.js`)
 * and their test pages `/_players/{hls,dash,shaka}.html?src=<manifest URL>`.
 *
 * @example
 * ```ts
 * const server = await startStaticServer(outDir);
 * const result = await playInBrowser(browser, { player: 'hls.js', src: `${server.url}/hls/index.m3u8` });
 * await server.close();
 * ```
 */
export async function startStaticServer(rootDir: string, options: StaticServerOptions = {}): Promise<StaticServer> {
  const root = path.resolve(rootDir);
  const requests: string[] = [];
  const server = createServer((req, res) => {
    handle(root, options, requests, req, res).catch((error: unknown) => {
      if (res.headersSent) res.destroy(error instanceof Error ? error : new Error(String(error)));
      else sendText(res, 500, `Server error: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Browsers keep connections alive; without this close() waits for them to time out.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
