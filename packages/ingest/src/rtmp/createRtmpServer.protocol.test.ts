import { afterEach, describe, expect, it } from 'vitest';
import { firstValueFrom } from 'rxjs';
import type { LiveInput, PublisherEvent, WarningEvent } from '@ott/core';
import { isOttError } from '@ott/core';
import { createRtmpServer } from './createRtmpServer.js';
import type { RtmpServer } from './createRtmpServer.js';
import { encodeAmf0 } from './amf0.js';
import { RawRtmpClient } from './testing/RawRtmpClient.js';

let server: RtmpServer | undefined;
const clients: RawRtmpClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server?.close();
  server = undefined;
});

async function open(port: number): Promise<RawRtmpClient> {
  const client = await RawRtmpClient.open(port);
  clients.push(client);
  return client;
}

function warnings(running: RtmpServer): WarningEvent[] {
  const list: WarningEvent[] = [];
  running.events.subscribe((e) => (e.type === 'warning' ? list.push(e) : undefined));
  return list;
}

/** Handshake + connect, as ffmpeg does it; returns the connect `_result`. */
async function connected(port: number, app = 'live'): Promise<{ client: RawRtmpClient; result: unknown[] }> {
  const client = await open(port);
  await client.handshake();
  client.command(['connect', 1, { app, tcUrl: `rtmp://127.0.0.1:${port}/${app}`, objectEncoding: 0 }]);
  const result = await Promise.race([client.commandNamed('_result'), client.commandNamed('_error')]);
  return { client, result };
}

/** A minimal AVC inter frame (FLV VIDEODATA: frame type 2, codec 7, NALU packet) of `size` bytes. */
function videoMessage(timestamp: number, size: number): { chunkStreamId: number; typeId: number; timestamp: number; streamId: number; payload: Buffer } {
  const payload = Buffer.alloc(size, 0x55);
  payload[0] = 0x27;
  payload[1] = 1;
  return { chunkStreamId: 6, typeId: 9, timestamp, streamId: 1, payload };
}

describe('createRtmpServer protocol handling', () => {
  it('closes a connection that sends garbage and keeps serving the next one', async () => {
    server = await createRtmpServer({ port: 0 });
    const seen = warnings(server);
    const garbage = await open(server.port);
    await garbage.write(Buffer.from('GET / HTTP/1.1\r\nHost: example\r\n\r\n'));
    await garbage.closed;
    expect(seen.at(-1)).toMatchObject({ type: 'warning', stage: 'ingest', code: 'INGEST_PROTOCOL', message: expect.stringMatching(/Not an RTMP handshake/) });

    // After a good handshake: a type 3 chunk on a chunk stream that never had a header.
    const badChunk = await open(server.port);
    await badChunk.handshake();
    await badChunk.write(Buffer.from([0xc9, 1, 2, 3, 4, 5]));
    await badChunk.closed;
    expect(seen.at(-1)?.message).toMatch(/no message header yet/);

    const { result } = await connected(server.port);
    expect(result[0]).toBe('_result');
    expect(result[3]).toMatchObject({ level: 'status', code: 'NetConnection.Connect.Success' });
  });

  it('rejects an unknown application at connect time and closes the connection', async () => {
    server = await createRtmpServer({ port: 0, app: 'live' });
    const refused = firstValueFrom(server.events);
    const { client, result } = await connected(server.port, 'other');
    expect(result[0]).toBe('_error');
    expect(result[3]).toMatchObject({ level: 'error', code: 'NetConnection.Connect.Rejected' });
    await client.closed;
    expect(await refused).toMatchObject({ type: 'publisher', action: 'refused', reason: expect.stringMatching(/unknown application "other"/) });
  });

  it('answers pings and acknowledges each window of received bytes', async () => {
    server = await createRtmpServer({ port: 0 });
    const { client } = await connected(server.port);
    const ping = Buffer.from([0, 6, 0, 0, 0x12, 0x34]);
    await client.send({ chunkStreamId: 2, typeId: 4, timestamp: 0, streamId: 0, payload: ping });
    const pong = await client.messageOfType(4);
    expect([...pong.payload]).toEqual([0, 7, 0, 0, 0x12, 0x34]);
    await client.send({ chunkStreamId: 2, typeId: 5, timestamp: 0, streamId: 0, payload: Buffer.from([0, 0, 0x10, 0]) }); // window 4096
    client.command(['_checkbw', 2, null, 'x'.repeat(5000)]);
    const ack = await client.messageOfType(3);
    expect(ack.payload.readUInt32BE(0)).toBeGreaterThanOrEqual(4096);
  });

  it('pauses a publisher whose FLV consumer does not read, then delivers every byte once it does', async () => {
    server = await createRtmpServer({ port: 0, graceMs: 100 });
    const inputPromise = firstValueFrom(server.streams).then(
      (stream) =>
        new Promise<LiveInput>((resolve) =>
          stream.items.subscribe((item) => {
            if (item.type === 'live-input') resolve(item);
          }),
        ),
    );
    const { client } = await connected(server.port);
    client.command(['createStream', 2, null]);
    await client.commandNamed('_result');
    client.command(['publish', 0, null, 'slowreader', 'live'], 1);
    expect((await client.commandNamed('onStatus'))[3]).toMatchObject({ code: 'NetStream.Publish.Start' });
    const frameSize = 64 * 1024;
    const frames = 640; // 40 MiB: far more than the socket buffers and the stream's 1 MiB high-water mark
    let sent = 0;
    let finished = false;
    let mostBuffered = 0;
    const sending = (async () => {
      for (let i = 0; i < frames; i += 1) {
        await client.send(videoMessage(i * 40, frameSize));
        sent += 1;
      }
      finished = true;
    })();
    const input = await inputPromise;
    // Nobody reads: the server must stop reading the socket, so the sender stalls instead of our memory growing.
    let stalledPolls = 0;
    for (let last = -1, deadline = Date.now() + 30_000; !finished && stalledPolls < 10 && Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 50));
      mostBuffered = Math.max(mostBuffered, input.data.readableLength);
      stalledPolls = sent === last ? stalledPolls + 1 : 0;
      last = sent;
    }
    mostBuffered = Math.max(mostBuffered, input.data.readableLength);
    expect(finished).toBe(false);
    expect(sent).toBeLessThan(frames);
    expect(mostBuffered).toBeLessThan(2 * 1024 * 1024);
    let bytes = 0;
    const data = input.data;
    data.on('data', (chunk: Buffer) => (bytes += chunk.length));
    await sending;
    client.command(['deleteStream', 3, null, 1]);
    await new Promise((resolve) => data.once('end', resolve));
    expect(bytes).toBe(13 + frames * (11 + frameSize + 4)); // FLV header + every tag, nothing dropped
  });

  it('fails to listen on a port in use with INGEST_LISTEN_FAILED and advice', async () => {
    server = await createRtmpServer({ port: 0 });
    const error = await createRtmpServer({ port: server.port }).catch((e: unknown) => e);
    expect(isOttError(error) && error.code).toBe('INGEST_LISTEN_FAILED');
    expect((error as Error).message).toMatch(/already in use.*choose another port/);
  });

  it('close() drops publishers and completes their streams', async () => {
    server = await createRtmpServer({ port: 0, graceMs: 60_000 });
    const streamPromise = firstValueFrom(server.streams);
    const { client } = await connected(server.port);
    client.command(['createStream', 2, null]);
    await client.commandNamed('_result');
    client.command(['publish', 0, null, 'closing', 'live'], 1);
    await client.commandNamed('onStatus');
    await client.send({ chunkStreamId: 4, typeId: 18, timestamp: 0, streamId: 1, payload: encodeAmf0(['@setDataFrame', 'onMetaData', { width: 64, height: 36, videocodecid: 7 }]) });
    const stream = await streamPromise;
    const events: PublisherEvent[] = [];
    const completed = new Promise<void>((resolve) =>
      stream.items.subscribe({
        next: (item) => (item.type === 'publisher' ? events.push(item) : item.type === 'live-input' ? item.data.resume() : undefined),
        complete: resolve,
      }),
    );
    await server.close();
    await completed;
    await client.closed;
    expect(events.map((e) => e.action)).toEqual(['connect', 'disconnect']);
  });
});
