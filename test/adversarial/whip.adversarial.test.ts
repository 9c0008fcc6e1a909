// Oversized WHIP offers cost nothing: refused on the declared length, or once the bytes pass the limit.
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createWhipServer } from '@ott/ingest';
import type { WhipServer } from '@ott/ingest';

let server: WhipServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('createWhipServer against oversized offers', () => {
  it('answers 413 and closes the connection for an offer over 128 KiB, declared or sent chunked, without reading it all', async () => {
    server = await createWhipServer({ port: 0 });
    const whip = server;
    const post = (chunked: boolean): Promise<{ status: number; connection: string | undefined }> => new Promise((resolve, reject) => {
      const req = request(`${whip.url}/cam1`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/sdp', ...(chunked ? {} : { 'Content-Length': String(64 * 1024 * 1024) }) },
      }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, connection: res.headers.connection });
      });
      req.on('error', reject);
      // Chunked: 256 KiB, then the request stays open: the answer must come without the end of the body.
      if (chunked) req.write(Buffer.alloc(256 * 1024, 0x61));
      else req.flushHeaders();
    });
    for (const chunked of [false, true]) {
      const answer = await post(chunked);
      expect(answer.status, chunked ? 'chunked' : 'declared').toBe(413);
      expect(answer.connection).toBe('close');
    }
  });
});
