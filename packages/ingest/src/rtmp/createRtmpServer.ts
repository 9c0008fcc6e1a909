import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import type { Observable } from 'rxjs';
import { OttError } from '@ott/core';
import type { LiveStream, PublisherEvent, StreamHealthEvent, WarningEvent } from '@ott/core';
import { LiveStreamHub } from '../live/LiveStreamHub.js';
import type { AuthorizeOptions } from './authorizePublisher.js';
import { PendingArena } from './PendingArena.js';
import { RtmpConnection } from './RtmpConnection.js';

/** Options of {@link createRtmpServer}. */
export interface RtmpServerOptions extends AuthorizeOptions {
  /** TCP port (1935 is RTMP's; 0 picks a free one, see {@link RtmpServer.port}). */
  readonly port: number;
  /** Address to listen on (default `127.0.0.1`; `0.0.0.0` for every interface). */
  readonly host?: string;
  /** Accept only this application name (`live` of `rtmp://host/live/key`); default: any. */
  readonly app?: string;
  /** How long a stream waits for its publisher to come back (ms, default 10 000); ignored with `hub`. */
  readonly graceMs?: number;
  /** Interval of `stream-health` events (ms, default 1000; 0 for none); ignored with `hub`. */
  readonly healthIntervalMs?: number;
  /** Drop a connection that sends nothing for this long (ms, default 30 000; 0 for never). */
  readonly idleTimeoutMs?: number;
  /**
   * Time from the TCP connection to an accepted `publish` (handshake, `connect`, `createStream`, `publish` and the
   * authorisation), in ms (default 20 000; 0 for never): a client that connects and never publishes is dropped.
   */
  readonly publishTimeoutMs?: number;
  /** Most bytes of unfinished messages one connection may hold before its `publish` is accepted (default 256 KiB). */
  readonly maxPendingBytesBeforePublish?: number;
  /**
   * Most bytes of unfinished messages all connections together may hold before their `publish` is accepted (default
   * 64 MiB: 256 connections at the per-connection default). Kept in one block freed once none is held.
   */
  readonly maxPendingBytesBeforePublishTotal?: number;
  /** Most bytes of unfinished messages one publishing connection may hold (default 64 MiB; RTMP messages are ≤ 16 MiB). */
  readonly maxPendingBytes?: number;
  /** Most connections at once; more are closed at accept (default 1000). */
  readonly maxConnections?: number;
  /** Most connections at once from one client address; more are closed at accept (default 50). */
  readonly maxConnectionsPerIp?: number;
  /**
   * Bookkeeping to use instead of a hub of the server's own (protocol `rtmp`). A hub passed in is not closed by
   * {@link RtmpServer.close}: its owner closes it.
   */
  readonly hub?: LiveStreamHub;
}

/** A listening RTMP ingest. */
export interface RtmpServer {
  /** One {@link LiveStream} per stream key, as its first publisher starts sending. Completes on close. */
  readonly streams: Observable<LiveStream>;
  /** `publisher` (connect, disconnect, refused), `stream-health` and `warning` (code `INGEST_PROTOCOL`) events. */
  readonly events: Observable<PublisherEvent | StreamHealthEvent | WarningEvent>;
  readonly hub: LiveStreamHub;
  /** The port listened on (the real one when `port` was 0). */
  readonly port: number;
  /** `rtmp://host:port` (append `/<app>/<streamKey>`). */
  readonly url: string;
  address(): AddressInfo;
  /** Stops listening, drops every connection, ends their sessions and (own hub) completes every stream. */
  close(): Promise<void>;
}

/**
 * Starts an RTMP ingest (RTMP specification 1.0 over `node:net`): many publishers at once on one port, each
 * `rtmp://host:port/<app>/<streamKey>[?query]` publish authorised by `authorize` and/or `webhook`, refused if the key
 * is invalid or already publishing, and turned into a {@link LiveStream} whose `live-input` items carry the
 * publisher's media as FLV (`format: 'flv'`). Resolves once listening.
 *
 * @throws {OttError} `INGEST_LISTEN_FAILED` when the port cannot be listened on (in use, no permission)
 *
 * @example
 * ```ts
 * declare const ladder: Ladder;
 * const server = await createRtmpServer({ port: 1935, authorize: ({ query }) => query.token === 'secret' });
 * server.streams.subscribe((stream) => stream.items.pipe(transcodeLive(ladder), packageLive(), toFolder(`out/${stream.streamKey}`)).subscribe());
 * // ffmpeg -re -i in.mp4 -c copy -f flv "rtmp://127.0.0.1:1935/live/cam1?token=secret"
 * ```
 */
export async function createRtmpServer(options: RtmpServerOptions): Promise<RtmpServer> {
  const host = options.host ?? '127.0.0.1';
  const ownHub = options.hub === undefined;
  const hub =
    options.hub ??
    new LiveStreamHub({
      protocol: 'rtmp',
      ...(options.graceMs !== undefined ? { graceMs: options.graceMs } : {}),
      ...(options.healthIntervalMs !== undefined ? { healthIntervalMs: options.healthIntervalMs } : {}),
    });
  const context = {
    hub,
    claims: new Set<string>(),
    ...(options.app !== undefined ? { app: options.app } : {}),
    ...(options.authorize ? { authorize: options.authorize } : {}),
    ...(options.webhook ? { webhook: options.webhook } : {}),
    ...(options.webhookTimeoutMs !== undefined ? { webhookTimeoutMs: options.webhookTimeoutMs } : {}),
  };
  const connections = new Set<RtmpConnection>();
  const perIp = new Map<string, number>();
  const maxConnections = options.maxConnections ?? 1000;
  const maxConnectionsPerIp = options.maxConnectionsPerIp ?? 50;
  const connectionOptions = {
    idleTimeoutMs: options.idleTimeoutMs ?? 30_000,
    publishTimeoutMs: options.publishTimeoutMs ?? 20_000,
    maxPendingBytesBeforePublish: options.maxPendingBytesBeforePublish ?? 256 * 1024,
    arena: new PendingArena(options.maxPendingBytesBeforePublish ?? 256 * 1024, options.maxPendingBytesBeforePublishTotal ?? 64 * 1024 * 1024),
    maxPendingBytes: options.maxPendingBytes ?? 64 * 1024 * 1024,
    onClose: (connection: RtmpConnection) => {
      connections.delete(connection);
      const left = (perIp.get(connection.remoteAddress) ?? 1) - 1;
      if (left > 0) perIp.set(connection.remoteAddress, left);
      else perIp.delete(connection.remoteAddress);
    },
    onViolation: (message: string, streamKey: string | undefined) => hub.warn(streamKey ?? '', 'INGEST_PROTOCOL', message),
  };
  let refusedWarned = 0;
  const server = createServer((socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const fromAddress = perIp.get(address) ?? 0;
    if (connections.size >= maxConnections || fromAddress >= maxConnectionsPerIp) {
      // Refused before any byte is read or allocated; one warning a second at most, whatever the flood.
      socket.destroy();
      const now = Date.now();
      if (now - refusedWarned > 1000) {
        refusedWarned = now;
        hub.warn('', 'INGEST_REFUSED', `RTMP connection from ${address} refused: ${connections.size >= maxConnections ? `${maxConnections} connections open (maxConnections)` : `${fromAddress} connections from that address (maxConnectionsPerIp)`}.`);
      }
      return;
    }
    perIp.set(address, fromAddress + 1);
    connections.add(new RtmpConnection(socket, context, connectionOptions));
  });
  await listen(server, options.port, host).catch((error: unknown) => {
    if (ownHub) hub.close();
    throw error;
  });
  server.on('error', (error) => hub.warn('', 'INGEST_PROTOCOL', `RTMP server error: ${error.message}`));
  const address = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    streams: hub.streams,
    events: hub.events,
    hub,
    port: address.port,
    url: `rtmp://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`,
    address: () => address,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const connection of connections) connection.destroy('ingest closed');
        if (ownHub) hub.close();
      })),
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      reject(listenError(error, port, host));
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

function listenError(error: NodeJS.ErrnoException, port: number, host: string): OttError {
  const where = `${host}:${port}`;
  const advice =
    error.code === 'EADDRINUSE'
      ? `the port is already in use (another RTMP server, e.g. nginx-rtmp or a second ott process?). Stop it or choose another port (port 0 picks a free one).`
      : error.code === 'EACCES'
        ? `permission denied: ports below 1024 need privileges. Use a port above 1023 (RTMP's 1935 is fine) or run with the capability to bind.`
        : error.code === 'EADDRNOTAVAIL'
          ? `the address is not one of this machine's. Use 127.0.0.1, 0.0.0.0 or an address of a local interface.`
          : `${error.message}.`;
  return new OttError('INGEST_LISTEN_FAILED', `Cannot listen for RTMP on ${where}: ${advice}`, {
    stage: 'ingest',
    cause: error,
    details: { host, port, ...(error.code ? { errno: error.code } : {}) },
  });
}
