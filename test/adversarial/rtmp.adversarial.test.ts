// Clients that never authenticate cost the RTMP ingest bounded memory and time: a chunk header alone allocates nothing,
// unfinished messages before `publish` have a small budget, connections are limited per address and in all, and a
// client that never publishes is dropped. Real sockets on 127.0.0.1; generous limits, no timing assertions.
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { WarningEvent } from '@ott/core';
import { ChunkReader } from '../../packages/ingest/src/rtmp/ChunkReader.js';
import { createRtmpServer, type RtmpServer } from '@ott/ingest';
import { RawRtmpClient } from '../../packages/ingest/src/rtmp/testing/RawRtmpClient.js';

let server: RtmpServer | undefined;
const clients: { socket: Socket }[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.socket.destroy();
  await server?.close();
  server = undefined;
});

/** A type 0 chunk header on chunk stream 4 opening a video message of `length` bytes, then `body` bytes of it. */
function openMessage(length: number, body: number): Buffer {
  const header = Buffer.alloc(12);
  header[0] = 4; // fmt 0, chunk stream id 4
  header.writeUIntBE(0, 1, 3); // timestamp
  header.writeUIntBE(length, 4, 3);
  header[7] = 9; // video
  header.writeUInt32LE(1, 8);
  return Buffer.concat([header, Buffer.alloc(body)]);
}

/** A type 3 (continuation) chunk of chunk stream 4 carrying `body` bytes. */
function continuation(body: number): Buffer {
  return Buffer.concat([Buffer.of(0xc4), Buffer.alloc(body)]);
}

async function handshaken(port: number): Promise<RawRtmpClient> {
  const client = await RawRtmpClient.open(port);
  clients.push(client);
  await client.handshake();
  return client;
}

describe('ChunkReader memory', () => {
  it('allocates as message bytes arrive, not what a header declares', () => {
    const reader = new ChunkReader({ onMessage: () => undefined, maxPendingBytes: 1024 * 1024 });
    reader.push(Buffer.from([2, 0, 0, 0, 0, 0, 4, 1, 0, 0, 0, 0, 0x00, 0x00, 0x10, 0x00])); // Set Chunk Size 4096
    reader.push(openMessage(16 * 1024 * 1024 - 1, 100));
    expect(reader.pending).toBeLessThanOrEqual(4096);
    reader.push(Buffer.alloc(4096 - 100));
    const pushChunks = (): void => {
      for (let i = 0; i < 512; i++) reader.push(continuation(4096));
    };
    expect(pushChunks).toThrow(/more than 1048576 bytes of unfinished messages/);
  });
});

describe('ChunkReader budget', () => {
  it('counts the bytes a peer sent against the budget, whatever sizes they arrive in (a 2 x 20 KB start once closed a 196 KB message)', () => {
    for (const first of [40_000, 65_536, 1, 100_000]) {
      const reader = new ChunkReader({ onMessage: () => undefined, maxPendingBytes: 256 * 1024 });
      reader.push(Buffer.from([2, 0, 0, 0, 0, 0, 4, 1, 0, 0, 0, 0, 0x00, 0x01, 0x00, 0x00])); // Set Chunk Size 65536
      const message = Buffer.concat([openMessage(16 * 1024 * 1024 - 1, 65536), continuation(65536), continuation(65536)]);
      // Arrives as TCP delivers it: a first read of `first` bytes, then the rest in 30,000-byte reads.
      reader.push(message.subarray(0, first));
      for (let p = first; p < message.length; p += 30_000) reader.push(message.subarray(p, Math.min(message.length, p + 30_000)));
      expect(reader.pending, `first read ${first}`).toBeLessThanOrEqual(256 * 1024);
      expect(() => reader.push(Buffer.concat([continuation(65536), continuation(65536)])), `first read ${first}`).toThrow(/more than 262144 bytes/);
    }
  });
});

describe('createRtmpServer against clients that never publish', () => {
  it('drops a connection that holds more than the pre-publish budget of unfinished messages', async () => {
    server = await createRtmpServer({ port: 0, maxPendingBytesBeforePublish: 64 * 1024 });
    const warnings: WarningEvent[] = [];
    server.events.subscribe((event) => (event.type === 'warning' ? warnings.push(event) : undefined));
    const client = await handshaken(server.port);
    // Set Chunk Size 65536, then a 16 MiB message of which 100 KiB arrive.
    await client.write(Buffer.from([2, 0, 0, 0, 0, 0, 4, 1, 0, 0, 0, 0, 0x00, 0x01, 0x00, 0x00]));
    await client.write(Buffer.concat([openMessage(16 * 1024 * 1024 - 1, 65536), continuation(65536)]));
    await client.closed;
    expect(warnings.some((w) => w.code === 'INGEST_PROTOCOL' && /unfinished messages/.test(w.message))).toBe(true);
  });

  it('keeps memory flat for 200 clients that each open a 16 MiB message and stop', async () => {
    server = await createRtmpServer({ port: 0, maxConnectionsPerIp: 500 });
    const before = process.memoryUsage().arrayBuffers;
    for (let i = 0; i < 200; i++) {
      const client = await handshaken(server.port);
      await client.write(openMessage(16 * 1024 * 1024 - 1, 100));
    }
    // Before the budget change each header allocated its declared 16 MiB: 200 × 16 MiB = 3.2 GB.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(200 * 1024 * 1024);
  });

  it('refuses connections over the per-address limit at accept, and takes them again once others leave', async () => {
    server = await createRtmpServer({ port: 0, maxConnectionsPerIp: 3 });
    const open = (): Promise<Socket> => new Promise((resolve, reject) => {
      const socket = connect(server?.port ?? 0, '127.0.0.1', () => resolve(socket));
      socket.once('error', reject);
      socket.on('error', () => undefined); // a refused connection may be reset
      clients.push({ socket });
    });
    const closedSoon = (socket: Socket): Promise<boolean> => new Promise((resolve) => {
      socket.once('close', () => resolve(true));
      socket.once('data', () => resolve(false));
      socket.write(Buffer.concat([Buffer.of(3), Buffer.alloc(1536)])); // C0+C1: an accepted connection answers S0+S1+S2
    });
    const kept = await Promise.all([open(), open(), open()]);
    expect(await Promise.all(kept.map(closedSoon))).toEqual([false, false, false]);
    expect(await closedSoon(await open())).toBe(true);
    const gone = new Promise((resolve) => kept[0]?.once('close', resolve));
    kept[0]?.destroy();
    await gone;
    // The server sees the close a moment later: retry until it has counted it.
    let refused = true;
    for (let attempt = 0; attempt < 50 && refused; attempt++) refused = await closedSoon(await open());
    expect(refused).toBe(false);
  });

  it('drops a client that connects and never publishes, after the publish timeout', async () => {
    server = await createRtmpServer({ port: 0, publishTimeoutMs: 300, idleTimeoutMs: 0 });
    const client = await handshaken(server.port);
    await client.closed; // the idle timeout is off: only the publish deadline closes it
    expect(client.socket.destroyed).toBe(true);
  }, 15_000);
});
