import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { readCpix } from './readCpix.js';
import { requestCpixKeys } from './requestCpixKeys.js';
import { writeCpix } from './writeCpix.js';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r) ?? r(undefined));
  server = undefined;
});

/** A local key server: `behave(attempt, request)` answers each request. */
async function keyServer(behave: (attempt: number, body: string, res: ServerResponse, req: IncomingMessage) => void): Promise<string> {
  let attempt = 0;
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => behave(attempt++, body, res, req));
  });
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server?.address() as AddressInfo).port}/speke`;
}

/** Answers a request document with its key ids filled with keys (what a SPEKE server does). */
function answer(body: string): string {
  const request = readCpix(body);
  return writeCpix({ ...request, contentKeys: request.contentKeys.map((k) => ({ ...k, key: new Uint8Array(16).fill(7) })) });
}

describe('requestCpixKeys', () => {
  it('POSTs a CPIX request with a key id and usage rule per track type, retrying 503s with backoff', async () => {
    const seen: string[] = [];
    const url = await keyServer((attempt, body, res, req) => {
      seen.push(`${req.method} ${req.headers['content-type']}`);
      if (attempt < 2) return void res.writeHead(503).end();
      res.writeHead(200, { 'content-type': 'application/xml' }).end(answer(body));
    });
    const doc = await requestCpixKeys(url, { contentId: 'c1', trackTypes: ['SD', 'HD', 'AUDIO'], backoffMs: 5 });
    expect(seen).toEqual(Array(3).fill('POST application/xml'));
    expect(doc.contentKeys).toHaveLength(3);
    expect(doc.contentKeys.every((k) => k.key?.byteLength === 16)).toBe(true);
    expect(doc.usageRules.map((r) => r.intendedTrackType)).toEqual(['SD', 'HD', 'AUDIO']);
  });

  it('gives up after the retries on timeouts with CPIX_REQUEST_FAILED', async () => {
    let attempts = 0;
    const url = await keyServer(() => {
      attempts += 1; // never answers
    });
    // 500 ms per attempt: long enough for each request to reach the server on a loaded machine (100 ms was not).
    await expect(requestCpixKeys(url, { contentId: 'c', timeoutMs: 500, retries: 1, backoffMs: 5 })).rejects.toMatchObject({ code: 'CPIX_REQUEST_FAILED', message: expect.stringMatching(/timed out.*2 attempts/) });
    expect(attempts).toBe(2);
  });

  it('fails at once on a 403 without retrying, and never echoes credentials', async () => {
    let attempts = 0;
    const url = await keyServer((_a, _b, res) => {
      attempts += 1;
      res.writeHead(403).end();
    });
    const error = (await requestCpixKeys(url, { contentId: 'c', headers: { authorization: 'Bearer secret-token' } }).catch((e: unknown) => e)) as Error;
    expect(error).toMatchObject({ code: 'CPIX_REQUEST_FAILED' });
    expect(error.message).toMatch(/HTTP 403/);
    expect(error.message).not.toContain('secret-token');
    expect(attempts).toBe(1);
  });
});
