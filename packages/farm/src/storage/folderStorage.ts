import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { access, mkdir, readFile, rename, rm, unlink } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { OttError } from '@ott/core';
import { toFolder } from '@ott/packager';
import { checkKey } from './checkKey.js';
import type { FarmStorage, PendingObject } from './FarmStorage.js';

/**
 * {@link FarmStorage} on a folder shared by every worker (same path everywhere). Objects are files under `root`;
 * writes go to a hidden temp file in the target's folder and are renamed into place (atomic on POSIX, also on NFS),
 * so a redo overwrites and a reader never sees half a file. The sink is `toFolder(root)`.
 *
 * @example
 * ```ts
 * const work = folderStorage('/mnt/shared/out/.ott-farm/job-1');
 * const pending = await work.create('video_720p/chunk-00000.mp4');
 * ```
 */
export function folderStorage(root: string): FarmStorage {
  if (!isAbsolute(root)) {
    throw new OttError('QUEUE_INVALID_JOB', `Farm storage folders must be absolute paths (every worker resolves them alike), got "${root}".`, { stage: 'transcode' });
  }
  const pathOf = (key: string): string => join(root, checkKey(key));
  return {
    spec: { kind: 'folder', path: root },
    has: async (key) => {
      const path = pathOf(key);
      return access(path).then(
        () => true,
        () => false,
      );
    },
    read: async (key) => {
      const bytes = await readFile(pathOf(key));
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
    create: async (key) => {
      const target = pathOf(key);
      await mkdir(dirname(target), { recursive: true });
      const temp = join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
      const stream = createWriteStream(temp, { flags: 'wx' });
      const pending: PendingObject = {
        stream,
        commit: async () => {
          await finished(stream);
          await rename(temp, target);
        },
        abort: async () => {
          stream.destroy();
          await finished(stream).catch(() => undefined);
          await unlink(temp).catch(() => undefined);
        },
      };
      return pending;
    },
    clear: async () => rm(root, { recursive: true, force: true }),
    sink: () => toFolder(resolve(root)),
  };
}
