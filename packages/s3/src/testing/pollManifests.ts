import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import type { TestS3 } from './TestS3.js';
import { playlistReferences } from './playlistReferences.js';

/** What {@link pollManifests} found. */
export interface ManifestPoll {
  /** Manifest versions read and checked while S3 was up. */
  readonly checks: () => number;
  /** `manifest@etag → missing object`, for versions that stayed in place while an object they name was missing. */
  readonly violations: string[];
  /** Stops polling after one last check of the final state. */
  stop(): Promise<void>;
}

/**
 * A viewer's check, from outside the sink: every `intervalMs` it reads the multivariant playlist, every media
 * playlist it names and the MPD, lists the bucket, and records each named object that is missing. A miss counts only
 * if the manifest is still the same version afterwards (a newer version may have stopped naming an object that was
 * then removed: that is the packager's sliding window, not a dangling reference). Errors while S3 is down are skipped.
 */
export function pollManifests(s3: TestS3, prefix: string, intervalMs = 300): ManifestPoll {
  let checks = 0;
  let running = true;
  const violations: string[] = [];
  const read = async (path: string): Promise<{ text: string; etag: string } | undefined> => {
    try {
      const out = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: `${prefix}/${path}` }));
      return { text: await (out.Body as { transformToString(): Promise<string> }).transformToString(), etag: out.ETag ?? '' };
    } catch {
      return undefined;
    }
  };
  const etagOf = (path: string): Promise<string | undefined> =>
    s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: `${prefix}/${path}` })).then((out) => out.ETag, () => undefined);
  const checkOnce = async (): Promise<void> => {
    const master = await read('master.m3u8');
    const paths = ['manifest.mpd', ...(master === undefined ? [] : playlistReferences('master.m3u8', master.text))];
    const manifests = [...(master === undefined ? [] : [{ path: 'master.m3u8', ...master }])];
    for (const path of paths) {
      const got = await read(path);
      if (got !== undefined) manifests.push({ path, ...got });
    }
    const present = new Set(await s3.keys(`${prefix}/`));
    for (const manifest of manifests) {
      const missing = playlistReferences(manifest.path, manifest.text).filter((ref) => !present.has(`${prefix}/${ref}`));
      if (missing.length > 0 && (await etagOf(manifest.path)) === manifest.etag) {
        for (const ref of missing) violations.push(`${manifest.path}@${manifest.etag} → ${ref}`);
      }
      checks += 1;
    }
  };
  const loop = (async () => {
    while (running) {
      await checkOnce().catch(() => undefined); // S3 down: nothing to see
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    checks: () => checks,
    violations,
    stop: async () => {
      running = false;
      await loop;
      await checkOnce();
    },
  };
}
