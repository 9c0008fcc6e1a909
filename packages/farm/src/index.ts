// Transcode farm (BullMQ/Redis): chunked parallel encoding on many machines
export { enqueueVod } from './enqueueVod.js';
export type { EnqueueVodOptions, EnqueuedVod } from './enqueueVod.js';
export { watchVod } from './watchVod.js';
export type { WatchVodOptions } from './watchVod.js';
export { startWorker, DEFAULT_QUEUE } from './startWorker.js';
export type { FarmWorker, FarmWorkerEvent, StartWorkerOptions } from './startWorker.js';
export type { VodJob } from './VodJob.js';
export type { FarmDoneEvent, FarmEvent } from './FarmEvent.js';
export type { StitchResult } from './runStitchTask.js';
export { planVod } from './planVod.js';
export type { EncodeSettings, EncodeTask, FarmTask, FinalizeTask, StitchTask, VodPlan } from './VodPlan.js';
export { FarmProgress } from './FarmProgress.js';
export { WorkerMetrics } from './metrics/WorkerMetrics.js';
export type { FarmJobKind } from './metrics/WorkerMetrics.js';
export { folderStorage } from './storage/folderStorage.js';
export { openStorage } from './storage/openStorage.js';
export type { FarmStorage, PendingObject, StorageSpec } from './storage/FarmStorage.js';
