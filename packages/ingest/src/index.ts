export { probe } from './probe.js';
export type { ProbeOptions } from './probe.js';
export { fromFile } from './fromFile.js';
export type { FromFileOptions } from './fromFile.js';
// Live ingest: shared bookkeeping of every protocol
export { LiveStreamHub } from './live/LiveStreamHub.js';
export type { LiveStreamHubOptions, PublishRequest, PublisherSession } from './live/LiveStreamHub.js';
export { HealthMeter } from './live/HealthMeter.js';
export { validateStreamKey, isValidStreamKey } from './live/validateStreamKey.js';
// Live ingest through ffmpeg (SRT, RTSP, a file played as live)
export { RemuxIngest } from './remux/RemuxIngest.js';
export type { RemuxIngestOptions, RestartPolicy } from './remux/RemuxIngest.js';
export { createSrtIngest } from './remux/createSrtIngest.js';
export type { SrtIngestOptions } from './remux/createSrtIngest.js';
export { createRtspIngest } from './remux/createRtspIngest.js';
export type { RtspIngestOptions } from './remux/createRtspIngest.js';
export { createFileIngest } from './remux/createFileIngest.js';
export type { FileIngestOptions } from './remux/createFileIngest.js';
// RTMP ingest (node:net, no dependency)
export { createRtmpServer } from './rtmp/createRtmpServer.js';
export type { RtmpServer, RtmpServerOptions } from './rtmp/createRtmpServer.js';
export type { RtmpAuthorize, RtmpPublishRequest } from './rtmp/authorizePublisher.js';
// WHIP ingest (RFC 9725, werift + one ffmpeg remuxer per publisher)
export { createWhipServer } from './whip/createWhipServer.js';
export type { WhipAuthorizeRequest, WhipServer, WhipServerOptions } from './whip/createWhipServer.js';
export type { WhipIceOptions, WhipIceServer } from './whip/answerWhipOffer.js';
export { extractTextStream } from './text/extractTextStream.js';
export type { ExtractTextOptions } from './text/extractTextStream.js';
