import type { Observable } from 'rxjs';
import type { LiveStream, PublisherEvent, StreamHealthEvent, WarningEvent, Webhooks } from '@ott/core';
import { createFileIngest, createRtmpServer, createRtspIngest, createSrtIngest, createWhipServer } from '@ott/ingest';

/** The input `ott live` was given. */
export type LiveIngestChoice =
  | { readonly kind: 'rtmp'; readonly port: number }
  | { readonly kind: 'whip'; readonly port: number }
  | { readonly kind: 'srt'; readonly url: string }
  | { readonly kind: 'rtsp'; readonly url: string }
  | { readonly kind: 'file'; readonly path: string };

/** Any live ingest, as `ott live` drives it. */
export interface OpenIngest {
  readonly streams: Observable<LiveStream>;
  readonly events: Observable<PublisherEvent | StreamHealthEvent | WarningEvent>;
  /** A one-line description for the console (where publishers go). */
  readonly description: string;
  /** Where publishers connect (`rtmp://127.0.0.1:1935/live`, `http://127.0.0.1:8443/whip`, the SRT/RTSP URL, the file). */
  readonly endpoint: string;
  /** True when the input ends by itself (a file without --loop). */
  readonly finite: boolean;
  close(): Promise<void>;
}

/** Limits of the ingest servers (`--max-connections`, …); unset ones keep the ingest's defaults (docs/security.md). */
export interface IngestLimits {
  /** RTMP and WHIP: connections at once. */
  readonly maxConnections?: number;
  /** RTMP: connections from one address. */
  readonly maxConnectionsPerIp?: number;
  /** RTMP: time from connect to an accepted publish. */
  readonly publishTimeoutMs?: number;
  /** SRT and RTSP: a connected source silent this long is dropped. */
  readonly inputTimeoutMs?: number;
}

/** Options of {@link openLiveIngest}. */
export interface OpenIngestOptions {
  readonly host: string;
  readonly graceMs: number;
  readonly streamKey?: string;
  readonly rtspTransport?: 'tcp' | 'udp';
  readonly loop: boolean;
  /** Stream keys allowed to publish (RTMP, WHIP); others are refused at connect time. Default: any valid key. */
  readonly allowKeys?: readonly string[];
  /** Asked about every RTMP/WHIP publish (`onPublish`: 2xx allows, 4xx refuses with its reason). */
  readonly webhooks?: Pick<Webhooks, 'onPublish'>;
  readonly limits?: IngestLimits;
}

/** Starts the chosen ingest. Servers listen at once; pulled inputs start after `streams` has a subscriber. */
export async function openLiveIngest(choice: LiveIngestChoice, options: OpenIngestOptions): Promise<OpenIngest & { start(): void }> {
  const key = options.streamKey !== undefined ? { streamKey: options.streamKey } : {};
  const { allowKeys, webhooks } = options;
  // --allow-keys first (no network round trip for a key that is never allowed), then the publish webhook.
  const decide = async (protocol: string, request: { readonly streamKey: string; readonly remoteAddress?: string; readonly query?: Readonly<Record<string, string>> }): Promise<true | string> => {
    if (allowKeys && !allowKeys.includes(request.streamKey)) return 'stream key not allowed';
    if (!webhooks) return true;
    const { streamKey, remoteAddress, query } = request;
    const decision = await webhooks.onPublish({ streamKey, protocol, ...(remoteAddress ? { remoteAddress } : {}), ...(query ? { query } : {}) });
    return decision.allowed ? true : (decision.reason ?? 'refused by the publish webhook');
  };
  const guarded = allowKeys !== undefined || webhooks !== undefined;
  const { maxConnections, maxConnectionsPerIp, publishTimeoutMs, inputTimeoutMs } = options.limits ?? {};
  const defined = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
  switch (choice.kind) {
    case 'rtmp': {
      const server = await createRtmpServer({ port: choice.port, host: options.host, graceMs: options.graceMs, ...defined({ maxConnections, maxConnectionsPerIp, publishTimeoutMs }), ...(guarded ? { authorize: (r) => decide('rtmp', r) } : {}) });
      return { streams: server.streams, events: server.events, description: `RTMP on rtmp://${options.host}:${server.port}/live/<stream key>`, endpoint: `rtmp://${options.host}:${server.port}/live`, finite: false, close: () => server.close(), start: () => undefined };
    }
    case 'whip': {
      const server = await createWhipServer({ port: choice.port, host: options.host, graceMs: options.graceMs, ...defined({ maxConnections }), ...(guarded ? { authorize: async (r) => (await decide('whip', r)) === true } : {}) });
      return { streams: server.streams, events: server.events, description: `WHIP on http://${options.host}:${server.port}/whip/<stream key>`, endpoint: `http://${options.host}:${server.port}/whip`, finite: false, close: () => server.close(), start: () => undefined };
    }
    case 'srt': {
      const ingest = createSrtIngest({ url: choice.url, graceMs: options.graceMs, ...defined({ timeoutMs: inputTimeoutMs }), ...key });
      return { streams: ingest.streams, events: ingest.events, description: `SRT ${choice.url.replace(/passphrase=[^&]*/, 'passphrase=***')}`, endpoint: choice.url.replace(/passphrase=[^&]*/, 'passphrase=***'), finite: false, close: () => ingest.close(), start: () => void ingest.start() };
    }
    case 'rtsp': {
      const ingest = createRtspIngest({ url: choice.url, graceMs: options.graceMs, ...defined({ timeoutMs: inputTimeoutMs }), ...(options.rtspTransport ? { transport: options.rtspTransport } : {}), ...key });
      return { streams: ingest.streams, events: ingest.events, description: `RTSP pull of ${choice.url.replace(/\/\/[^@/]*@/, '//')}`, endpoint: choice.url.replace(/\/\/[^@/]*@/, '//'), finite: false, close: () => ingest.close(), start: () => void ingest.start() };
    }
    case 'file': {
      const ingest = createFileIngest({ path: choice.path, loop: options.loop, ...key });
      return { streams: ingest.streams, events: ingest.events, description: `file ${choice.path} played as live`, endpoint: choice.path, finite: !options.loop, close: () => ingest.close(), start: () => void ingest.start() };
    }
  }
}
