import type * as Bullmq from 'bullmq';
import { OttError } from '@ott/core';

/** The `bullmq` module. */
export type BullmqModule = typeof Bullmq;

let loading: Promise<BullmqModule> | undefined;

/**
 * Imports `bullmq` on first use: it (and ioredis) cost ~0.2 s to load, which every `ott` command and every user of
 * `transcodeLadder()` would otherwise pay without ever touching the farm.
 */
export function loadBullmq(): Promise<BullmqModule> {
  loading ??= import('bullmq').catch((error: unknown) => {
    loading = undefined;
    throw new OttError('QUEUE_UNAVAILABLE', `The transcode farm needs the npm package "bullmq" (an optional peer dependency of @ott/farm: npm install bullmq), which could not be loaded: ${String(error)}. Reinstall dependencies (npm install).`, {
      stage: 'transcode',
      cause: error,
    });
  });
  return loading;
}
