import { once } from 'node:events';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOttError } from '@ott/core';
import { createOrigin, startOrigin, type RunningOrigin } from '@ott/origin';
import { rawRequest } from '../../packages/origin/src/testing/rawRequest.js';

let base: string;
let origin: RunningOrigin;
const SECRET = 'TOP-SECRET-OUTSIDE-ROOT';

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'ott-origin-hard-'));
  const root = join(base, 'root');
  await mkdir(join(root, 'video'), { recursive: true });
  await writeFile(join(base, 'secret.txt'), SECRET);
  await writeFile(join(root, 'video', 'seg-00001.m4s'), 'segment');
  await writeFile(join(root, '.hidden.m4s'), SECRET);
  await symlink(join(base, 'secret.txt'), join(root, 'escape.m4s'));
  await symlink(base, join(root, 'escape-dir'));
  await symlink('../../secret.txt', join(root, 'video', 'relative-escape.m4s'));
  await symlink(join(root, 'video', 'seg-00001.m4s'), join(root, 'inside.m4s'));
  await symlink(join(root, '.hidden.m4s'), join(root, 'to-hidden.m4s'));
  origin = await startOrigin({ root, maxUrlLength: 512 });
});

afterAll(async () => {
  await origin?.close();
  if (base) await rm(base, { recursive: true, force: true });
});

describe('origin hardening', () => {
  it.each([
    '/../secret.txt',
    '/video/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/video/%2e%2e/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/..%2Fsecret.txt',
    '/..%5csecret.txt',
    '/..\\secret.txt',
    '/video\\..\\..\\secret.txt',
    '/secret.txt%00.m4s',
    '//secret.txt',
    '/' + tmpdir() + '/secret.txt',
    '/etc/passwd',
    '/%2fetc%2fpasswd',
    '/escape.m4s',
    '/video/relative-escape.m4s',
    '/escape-dir/secret.txt',
    '/to-hidden.m4s',
    '/.hidden.m4s',
  ])('never reads outside the root or a hidden file: %s', async (path) => {
    const res = await rawRequest(origin.port, path);
    expect([400, 403, 404]).toContain(res.status);
    expect(res.body.toString()).not.toContain(SECRET);
  });

  it('answers a symlink that escapes the root with 403', async () => {
    expect((await rawRequest(origin.port, '/escape.m4s')).status).toBe(403);
    expect((await rawRequest(origin.port, '/escape-dir/secret.txt')).status).toBe(403);
  });

  it('follows a symlink that stays inside the root', async () => {
    const res = await rawRequest(origin.port, '/inside.m4s');
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('segment');
  });

  it('answers a too long request target with 414', async () => {
    expect((await rawRequest(origin.port, `/${'a'.repeat(600)}.m4s`)).status).toBe(414);
  });

  it('refuses a GET that carries a body with 413', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: origin.port, path: '/video/seg-00001.m4s', method: 'GET', agent: false, headers: { 'Content-Length': '5' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end('hello');
    });
    expect(status).toBe(413);
  });

  it('refuses a header block over the limit with 431', async () => {
    const res = await rawRequest(origin.port, '/video/seg-00001.m4s', { headers: { 'X-Big': 'x'.repeat(20_000) } });
    expect(res.status).toBe(431);
  });

  it('refuses a root that is not a folder with ORIGIN_ROOT_INVALID', () => {
    let error: unknown;
    try {
      createOrigin({ root: join(base, 'secret.txt') });
    } catch (caught) {
      error = caught;
    }
    expect(isOttError(error) && error.code).toBe('ORIGIN_ROOT_INVALID');
  });
});

describe('origin server limits', () => {
  it('answers 503 to a request on a connection over maxConnectionsPerIp, and serves the others', async () => {
    const limited = await startOrigin({ root: join(base, 'root'), maxConnectionsPerIp: 1 });
    const first = connect(limited.port);
    try {
      await once(first, 'connect');
      first.write('GET /video/seg-00001.m4s HTTP/1.1\r\nHost: x\r\n\r\n');
      expect(await readHead(first)).toMatch(/^HTTP\/1\.1 200/);
      const res = await rawRequest(limited.port, '/video/seg-00001.m4s');
      expect(res.status).toBe(503);
      expect(res.headers.connection).toBe('close');
    } finally {
      first.destroy();
      await limited.close();
    }
  });

  it('cuts off a client that sends its headers too slowly (headersTimeoutMs)', async () => {
    const slow = await startOrigin({ root: join(base, 'root'), headersTimeoutMs: 300 });
    const socket = connect(slow.port);
    try {
      await once(socket, 'connect');
      socket.write('GET /video/seg-00001.m4s HTTP/1.1\r\nHost: x\r\n'); // never ends the header block
      const head = await readHead(socket);
      expect(head === '' || /^HTTP\/1\.1 408/.test(head)).toBe(true); // Node answers 408 or just closes
    } finally {
      socket.destroy();
      await slow.close();
    }
  });

  it('refuses double encoding over HTTP with 400', async () => {
    for (const path of ['/%252e%252e/secret.txt', '/video/%252e%252e%252fsecret.txt', '/video%255c..%255csecret.txt']) {
      const res = await rawRequest(origin.port, path);
      expect(res.status).toBe(400);
      expect(res.body.toString()).not.toContain(SECRET);
    }
  });
});

/** Resolves with everything the server sent until its first blank line, or `''` when it closed first. */
function readHead(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const onData = (chunk: Buffer): void => {
      text += chunk.toString('latin1');
      if (text.includes('\r\n\r\n')) done(text);
    };
    const done = (value: string): void => {
      socket.off('data', onData);
      socket.off('close', onClose);
      resolve(value);
    };
    const onClose = (): void => done(text);
    socket.on('data', onData);
    socket.once('close', onClose);
  });
}
