import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchBytes } from './fetchBytes.js';
import type { FetchTiming } from './fetchBytes.js';

let server: Server;
let url = '';

beforeAll(async () => {
  // Three 20 KB pieces, each written once the client has read the previous one's bytes (no fixed sleeps).
  server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'video/iso.segment', 'Content-Length': 60_000 });
    let sent = 0;
    const next = (): void => {
      if (sent === 3) {
        res.end();
        return;
      }
      sent += 1;
      if (res.write(Buffer.alloc(20_000, sent))) setTimeout(next, 30);
      else res.once('drain', () => setTimeout(next, 30));
    };
    next();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/seg.m4s`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('fetchBytes', () => {
  it('returns the whole body and a timing that leaves out the first read from the timed bytes', async () => {
    let timing: FetchTiming | undefined;
    const bytes = await fetchBytes(url, { onTiming: (t) => (timing = t) });
    expect(bytes.length).toBe(60_000);
    expect(timing?.bytes).toBe(60_000);
    expect(timing?.timedBytes).toBeLessThan(60_000);
    expect(timing?.timedBytes).toBeGreaterThan(0);
    expect(timing?.chunked).toBeUndefined();
  });

  it('marks timings of downloads whose idle gaps were excluded as chunked', async () => {
    let timing: FetchTiming | undefined;
    await fetchBytes(url, { excludeIdleGaps: true, onTiming: (t) => (timing = t) });
    expect(timing?.chunked).toBe(true);
  });
});
