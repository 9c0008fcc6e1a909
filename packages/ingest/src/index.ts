export { probe } from './probe.js';
export type { ProbeOptions } from './probe.js';
export { fromFile } from './fromFile.js';
export type { FromFileOptions } from './fromFile.js';
// Live ingest: shared bookkeeping of every protocol
export { LiveStreamHub } from './live/LiveStreamHub.js';
export type { LiveStreamHubOptions, PublishRequest, PublisherSession } from './live/LiveStreamHub.js';
export { HealthMeter } from './live/HealthMeter.js';
export { validateStreamKey, isValidStreamKey } from './live/validateStreamKey.js';
