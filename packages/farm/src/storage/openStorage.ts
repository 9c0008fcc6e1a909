import { OttError } from '@ott/core';
import type { FarmStorage, StorageSpec } from './FarmStorage.js';
import { folderStorage } from './folderStorage.js';
import { s3Storage } from './s3Storage.js';

/** The {@link FarmStorage} a job's {@link StorageSpec} names (workers call this for every job). */
export function openStorage(spec: StorageSpec): FarmStorage {
  switch (spec.kind) {
    case 'folder':
      return folderStorage(spec.path);
    case 's3':
      return s3Storage(spec);
    default:
      throw new OttError('QUEUE_INVALID_JOB', `Unknown storage kind "${(spec as { kind: string }).kind}"; this worker knows: folder, s3. Update the worker.`, {
        stage: 'transcode',
      });
  }
}
