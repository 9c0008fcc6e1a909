// The transcode farm without a shared folder (issue 15): `ott vod -o s3://… --queue … --encrypt cenc` puts the job
// on Redis; a BUILT `ott worker` that shares nothing with the enqueuing process but Redis and a real S3-protocol
// server (s3rver on 127.0.0.1) encodes the chunks into the bucket's work prefix, stitches, encrypts and uploads the
// HLS + DASH output, then clears the work prefix. The bucket's output is downloaded, decrypted with the key and
// decoded frame by frame.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TestS3 } from '../../packages/s3/src/testing/TestS3.js';
import { startRedis } from '../support/redis.js';
import type { RedisServer } from '../support/redis.js';
import { generateTestSource } from '../support/media.js';
import { decodeWithFfmpeg } from './ffmpegCheck.js';
import { spawnWorker } from './farmWorkers.js';
import type { WorkerProcess } from './farmWorkers.js';
import { runCli } from './runCli.js';

const KID = '0123456789abcdef0123456789abcdef';
const KEY = 'fedcba9876543210fedcba9876543210';
const ENV = { ...process.env, AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' };
let work: string;
let s3: TestS3;
let redis: RedisServer;
let worker: WorkerProcess | undefined;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ott-farm-s3-'));
  [s3, redis] = await Promise.all([TestS3.start('media'), startRedis()]);
  worker = await spawnWorker(redis.url, ['--concurrency', '2', '--metrics-port', '0'], ENV);
}, 60_000);

afterAll(async () => {
  await worker?.stop();
  await Promise.allSettled([redis?.close(), s3?.close()]);
  if (work) await rm(work, { recursive: true, force: true });
});

async function listKeys(prefix: string): Promise<string[]> {
  const out = (await s3.client.send(new ListObjectsV2Command({ Bucket: 'media', Prefix: prefix }))) as { Contents?: { Key?: string }[] };
  return (out.Contents ?? []).map((o) => o.Key ?? '').sort();
}

async function download(key: string): Promise<Uint8Array> {
  const out = (await s3.client.send(new GetObjectCommand({ Bucket: 'media', Key: key }))) as { Body: { transformToByteArray(): Promise<Uint8Array> } };
  return out.Body.transformToByteArray();
}

it('encodes on a worker that shares only Redis and the bucket, encrypts, and leaves a playable, decryptable output in S3', async () => {
  const input = await generateTestSource(work, { seconds: 12, width: 320, height: 180, fps: 25 });
  const run = await runCli(
    ['vod', input, '-o', 's3://media/films/one', '--queue', redis.url, '--s3-endpoint', s3.endpoint, '--ladder', '90p@100k,audio@64k',
      '--segment-duration', '2', '--chunk-duration', '4', '--encrypt', 'cenc', '--key-id', KID, '--key', KEY, '--json'],
    { env: ENV },
  );
  expect(run.code, run.stderr).toBe(0);
  const done = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}') as { type: string; output: string; segments: number };
  expect(done).toMatchObject({ type: 'done', output: 's3://media/films/one' });

  const keys = await listKeys('films/one/');
  expect(keys).toContain('films/one/master.m3u8');
  expect(keys).toContain('films/one/manifest.mpd');
  expect(keys.filter((k) => k.includes('.ott-farm'))).toEqual([]); // the work prefix is gone
  const segments = keys.filter((k) => k.startsWith('films/one/video_90p/') && k.endsWith('.m4s'));
  expect(segments).toHaveLength(6); // 12 s in 2 s segments, across three 4 s chunks

  // Every segment the media playlist lists is in the bucket, and the DASH MPD signals the key id.
  const playlist = Buffer.from(await download('films/one/video_90p/playlist.m3u8')).toString();
  for (const line of playlist.split('\n').filter((l) => l.endsWith('.m4s'))) expect(keys).toContain(`films/one/video_90p/${line}`);
  expect(playlist).toMatch(/#EXT-X-KEY:METHOD=SAMPLE-AES/);
  const mpd = Buffer.from(await download('films/one/manifest.mpd')).toString();
  expect(mpd.toLowerCase()).toContain('cenc:default_kid="01234567-89ab-cdef-0123-456789abcdef"');

  // Encrypted as stored; clear and whole once decrypted with the key.
  const local = join(work, 'video');
  await mkdir(local);
  const parts = [await download('films/one/video_90p/init.mp4'), ...(await Promise.all(segments.map(download)))];
  expect(Buffer.from(parts[0] as Uint8Array).includes('encv')).toBe(true);
  await writeFile(join(local, 'enc.mp4'), Buffer.concat(parts));
  const decrypt = await runCli(['decrypt', join(local, 'enc.mp4'), '-o', join(local, 'clear.mp4'), '--key', `${KID}:${KEY}`]);
  expect(decrypt.code, decrypt.stderr).toBe(0);
  expect((await readFile(join(local, 'clear.mp4'))).includes('encv')).toBe(false);
  const decoded = await decodeWithFfmpeg(join(local, 'clear.mp4'));
  expect(decoded.code).toBe(0);
  expect(decoded.errors).toEqual([]);
  expect(decoded.decodedSeconds).toBeGreaterThan(11.9);
}, 240_000);

it('ott vod -o s3://… without --queue uploads the same layout straight from this process', async () => {
  const input = await generateTestSource(work, { seconds: 4, width: 320, height: 180, fps: 25 });
  const run = await runCli(['vod', input, '-o', 's3://media/films/two', '--s3-endpoint', s3.endpoint, '--ladder', '90p@100k,audio@64k', '--segment-duration', '2', '--json'], { env: ENV });
  expect(run.code, run.stderr).toBe(0);
  const keys = await listKeys('films/two/');
  expect(keys).toEqual(expect.arrayContaining(['films/two/master.m3u8', 'films/two/manifest.mpd', 'films/two/video_90p/init.mp4', 'films/two/audio_aac/playlist.m3u8']));
  expect(keys.filter((k) => k.startsWith('films/two/video_90p/') && k.endsWith('.m4s'))).toHaveLength(2);
  const refused = await runCli(['vod', input, '-o', 's3://media/films/three', '--encrypt', 'aes-128', '--key-id', KID, '--key', KEY], { env: ENV });
  expect(refused.code).not.toBe(0);
  expect(refused.stderr).toContain('--key-uri');
}, 120_000);
