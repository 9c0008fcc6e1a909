import { S3Client } from '@aws-sdk/client-s3';
import type { TestS3 } from './TestS3.js';
import { playlistReferences } from './playlistReferences.js';

/** What {@link watchUploads} saw. */
export interface UploadLog {
  /** `Command key` in send order (`PutObjectCommand v/seg-00001.m4s`, `CreateMultipartUploadCommand big.mp4`, …). */
  readonly calls: string[];
  /** Each manifest upload that named an object not in the bucket at that moment: `manifest → missing`. */
  readonly missing: string[];
  /** Manifest uploads checked. */
  checked: number;
}

/**
 * A client for the sink that, before sending each manifest `PutObject`, lists the bucket and records every object the
 * manifest names that is not there: the ordering guarantee checked at the only moment it matters.
 */
export function watchUploads(s3: TestS3, prefix = ''): { client: S3Client; log: UploadLog } {
  const client = new S3Client(s3.connection);
  const log: UploadLog = { calls: [], missing: [], checked: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { Key?: string; Body?: unknown };
      log.calls.push(`${context.commandName} ${input.Key ?? ''}`);
      if (context.commandName === 'PutObjectCommand' && input.Key !== undefined && /\.(m3u8|mpd)$/.test(input.Key)) {
        const text = Buffer.from(input.Body as Uint8Array).toString('utf8');
        const path = prefix === '' ? input.Key : input.Key.slice(prefix.length + 1);
        const present = new Set(await s3.keys(prefix));
        for (const ref of playlistReferences(path, text)) {
          const key = prefix === '' ? ref : `${prefix}/${ref}`;
          if (!present.has(key)) log.missing.push(`${input.Key} → ${key}`);
        }
        log.checked += 1;
      }
      return next(args);
    },
    { step: 'initialize', name: 'ottWatchUploads' },
  );
  return { client, log };
}
