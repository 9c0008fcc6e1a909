import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOrigin, type RunningOrigin } from '../startOrigin.js';
import { rawRequest } from '../testing/rawRequest.js';

let root: string;
let origin: RunningOrigin;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ott-origin-time-'));
  await mkdir(join(root, '.ott'));
  await writeFile(join(root, '.ott', 'time'), 'A FILE THAT MUST NOT BE SERVED');
  await writeFile(join(root, '.ott', 'other'), 'hidden');
  origin = await startOrigin({ root });
});

afterAll(async () => {
  await origin?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('the clock for DASH UTCTiming (/.ott/time)', () => {
  it('answers the current time as an xs:dateTime in UTC with milliseconds, never cached, readable cross-origin', async () => {
    const before = Date.now();
    const res = await rawRequest(origin.port, '/.ott/time', { headers: { Origin: 'https://player.example' } });
    const after = Date.now();
    const text = res.body.toString();
    expect(res.status).toBe(200);
    expect(text).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.parse(text)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(text)).toBeLessThanOrEqual(after);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  it('answers HEAD without a body, a query string, and a CORS preflight', async () => {
    const head = await rawRequest(origin.port, '/.ott/time', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect((await rawRequest(origin.port, '/.ott/time?t=1')).body.toString()).toMatch(/Z$/);
    const preflight = await rawRequest(origin.port, '/.ott/time', { method: 'OPTIONS', headers: { Origin: 'https://player.example', 'Access-Control-Request-Method': 'GET' } });
    expect(preflight.status).toBe(204);
  });

  it('still refuses every other dot path, also files under .ott', async () => {
    for (const path of ['/.ott/other', '/.ott/time/', '/.ott/time/x', '/.ott', '/.ott/time.txt']) {
      const res = await rawRequest(origin.port, path);
      expect(res.status, path).toBe(404);
      expect(res.body.toString()).not.toContain('hidden');
    }
    // Only the exact path is the clock; spellings of it are refused like any other dot path.
    for (const path of ['/%2eott/time', '/.ott/%74ime', '/.ott/time/../time', '/x/../.ott/time', '//.ott/time']) {
      const res = await rawRequest(origin.port, path);
      expect([400, 404], path).toContain(res.status);
      expect(res.body.toString(), path).not.toMatch(/MUST NOT|Z$/);
    }
    expect((await rawRequest(origin.port, '/.ott/time', { method: 'POST' })).status).toBe(405);
  });
});
