import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OttError } from '@ott/core';
import { createOrigin, type Origin, type OriginOptions } from './createOrigin.js';
import { limitConnectionsPerIp } from './http/limitConnectionsPerIp.js';
import { SECURITY_HEADERS } from './http/securityHeaders.js';

/** Options of {@link startOrigin}: the {@link OriginOptions} plus where and how to listen. */
export interface StartOriginOptions extends OriginOptions {
  /** TCP port (default 0: any free port; read it from `url`). */
  readonly port?: number;
  /** Interface to listen on (default `127.0.0.1`: only this machine). */
  readonly host?: string;
  /** Time to receive the request headers, in ms (default 10 000: slow-header clients are cut off). */
  readonly headersTimeoutMs?: number;
  /** Time to receive the whole request, in ms (default 30 000). Held blocking reloads do not count: the request is in. */
  readonly requestTimeoutMs?: number;
  /** A socket with no traffic for this long is closed, in ms (default 120 000; keep it above the blocking hold time). */
  readonly idleTimeoutMs?: number;
  /** Largest request header block, in bytes (default 16 KiB; larger: 431). */
  readonly maxHeaderBytes?: number;
  /** Most open connections (default: unlimited). */
  readonly maxConnections?: number;
  /** Most open connections from one client address; requests on more are answered 503 (default: unlimited). */
  readonly maxConnectionsPerIp?: number;
  /**
   * Listen backlog: connections the kernel completes before the origin accepts them (default 4096, capped by the
   * system's `net.core.somaxconn`). Node's own default, 511, overflows when a thousand viewers connect at once (a
   * live event starts, an edge reconnects): the kernel drops the extra handshakes and those viewers wait 1–3 s for a
   * retransmission.
   */
  readonly backlog?: number;
}

/** A listening origin. */
export interface RunningOrigin {
  /** Base URL, e.g. `http://127.0.0.1:8080/`. */
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  /** The request handler (for {@link Origin.held}). */
  readonly origin: Origin;
  /** Answers held requests (503), stops listening and closes connections (open downloads get one second). */
  close(): Promise<void>;
}

/**
 * Starts an HTTP origin for a folder (see {@link createOrigin}) with server-side limits: header and request
 * timeouts, an idle timeout, a header size limit and optional connection limits (in all, and per client address).
 *
 * @example
 * ```ts
 * const origin = await startOrigin({ root: 'out/vod', port: 8080 });
 * console.log(`${origin.url}master.m3u8`);
 * await origin.close();
 * ```
 */
export async function startOrigin(options: StartOriginOptions): Promise<RunningOrigin> {
  const origin = createOrigin(options);
  const server = createServer(
    {
      headersTimeout: options.headersTimeoutMs ?? 10_000,
      requestTimeout: options.requestTimeoutMs ?? 30_000,
      maxHeaderSize: options.maxHeaderBytes ?? 16 * 1024,
      keepAliveTimeout: 5_000,
      // Node checks the header/request timeouts on this interval (default 30 s, which would let a slow-header client
      // hold a socket four times as long as configured). Held blocking reloads are not affected: their request is in.
      connectionsCheckingInterval: 1_000,
    },
  );
  const perIp = options.maxConnectionsPerIp;
  server.on('request', perIp === undefined ? origin : limitConnectionsPerIp(server, perIp, origin, { ...SECURITY_HEADERS, ...options.headers }));
  server.setTimeout(options.idleTimeoutMs ?? 120_000, (socket) => socket.destroy());
  if (options.maxConnections !== undefined) server.maxConnections = options.maxConnections;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    const fail = (cause: Error): void => {
      origin.close();
      reject(new OttError('ORIGIN_LISTEN_FAILED', `cannot listen on ${host}:${options.port ?? 0}: ${cause.message}. Pick another --port or stop the process that holds it.`, { stage: 'origin', cause }));
    };
    server.once('error', fail);
    server.listen({ port: options.port ?? 0, host, backlog: options.backlog ?? 4096 }, () => {
      server.off('error', fail);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/`,
    port,
    server,
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        origin.close();
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 1000).unref();
      }),
  };
}
