import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isOttError } from '@ott/core';
import { startOrigin } from './startOrigin.js';
import { rawRequest } from './testing/rawRequest.js';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ott-origin-start-'));
  await writeFile(join(root, 'playlist.m3u8'), '#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2,\nseg-0.m4s\n');
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('startOrigin', () => {
  it('listens on 127.0.0.1 on a free port and reports its URL', async () => {
    const origin = await startOrigin({ root });
    try {
      expect(origin.url).toBe(`http://127.0.0.1:${origin.port}/`);
      const res = await fetch(`${origin.url}playlist.m3u8`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('#EXTINF');
    } finally {
      await origin.close();
    }
  });

  it('answers held blocking reloads with 503 when closed', async () => {
    const origin = await startOrigin({ root });
    const pending = rawRequest(origin.port, '/playlist.m3u8?_HLS_msn=1');
    await vi.waitFor(() => expect(origin.origin.held).toBe(1));
    const closed = origin.close();
    expect((await pending).status).toBe(503);
    await closed;
  });

  it('fails with ORIGIN_LISTEN_FAILED when the port is taken', async () => {
    const first = await startOrigin({ root });
    try {
      const error = await startOrigin({ root, port: first.port }).catch((caught: unknown) => caught);
      expect(isOttError(error) && error.code).toBe('ORIGIN_LISTEN_FAILED');
    } finally {
      await first.close();
    }
  });
});
