export type {
  CliErrorCode,
  DrmErrorCode,
  IngestErrorCode,
  IsobmffErrorCode,
  OriginErrorCode,
  S3ErrorCode,
  OttErrorCode,
  PackagerErrorCode,
  Stage,
  TranscodeErrorCode,
  WebhookErrorCode,
  WarningCode,
} from './errors/codes.js';
export { OttError, isOttError } from './errors/OttError.js';
export type { OttErrorOptions } from './errors/OttError.js';
export type {
  AudioCodecName,
  AudioRendition,
  AudioRole,
  CaptionChannel,
  Ladder,
  MediaKind,
  Rendition,
  SourceAudioStream,
  SourceInfo,
  SourceTextStream,
  SourceVideoStream,
  TrackInfo,
  VideoCodecName,
  VideoRendition,
} from './types/media.js';
export type { CmafFragment, CmafInit, CmafSample, InitSegment, Manifest, Segment } from './types/cmaf.js';
export type { TextCue, TextFile, TextTrackInfo } from './types/text.js';
export type { OutputFile, PipelineItem } from './types/pipeline.js';
export type {
  LiveAudioHint,
  LiveInput,
  LiveInputFormat,
  LiveProtocol,
  LiveSession,
  LiveSessionEnd,
  LiveStream,
  LiveStreamItem,
  LiveVideoHint,
  Part,
  RemoveFile,
} from './types/live.js';
export type { DrmSystemSignal, HlsKeySignal, ProtectionInfo, ProtectionScheme } from './types/protection.js';
export type {
  ManifestEvent,
  OttEventMap,
  PipelineEvent,
  ProgressEvent,
  PublisherEvent,
  SegmentEvent,
  StreamHealthEvent,
  WarningEvent,
} from './events/events.js';
export { isPipelineEvent } from './events/events.js';
export { Backpressure } from './flow/Backpressure.js';
export type { BackpressureOptions } from './flow/Backpressure.js';
export { locateBinary } from './node/locateBinary.js';
export { checkInputFile } from './node/checkInputFile.js';
export { storageError } from './node/storageError.js';
export { concatBytes } from './bytes/concatBytes.js';
export { BufferPool } from './bytes/BufferPool.js';
export type { BufferPoolOptions } from './bytes/BufferPool.js';
// Webhooks (publish/play decisions, stream notifications)
export * from './webhooks/index.js';
// ISO-BMFF reader/writer
export * from './isobmff/index.js';
export { AES128_KEY_FILE, DASH_MANIFEST, INIT_FILE, MASTER_PLAYLIST, MEDIA_PLAYLIST, SEGMENT_NUMBER_TEMPLATE, initPath, isSafeRelativePath, parseMediaFileName, partFileName, partPath, segmentFileName, segmentPath, sessionInitPath, aes128KeyPath } from './layout/outputLayout.js';
export type { LayoutMediaName } from './layout/outputLayout.js';
export { readAttributeList } from './hls/readAttributeList.js';
export { fromHex, toBase64, toBase64Url, toHex } from './bytes/encoding.js';
export { DEFAULT_CACHE_POLICY, cacheControlFor, capFreshness, isDynamicMpd, isLiveManifest, privateCachePolicy } from './http/cachePolicy.js';
export type { CachePolicy } from './http/cachePolicy.js';
export { DEFAULT_MIME_TYPES, mimeTypeOf } from './http/mimeTypeOf.js';
export type { FileKind, MimeEntry } from './http/mimeTypeOf.js';
export { TIME_PATH } from './http/originPaths.js';
export { PublishQueue } from './publish/PublishQueue.js';
export type { PublishHooks, PublishTask } from './publish/PublishQueue.js';
export { isPublishBarrier, isPublishItem, publishChunksOf, publishFlowOf, publishKindOf, publishedEventOf } from './publish/publishItem.js';
export type { PublishItem, PublishKind } from './publish/publishItem.js';
export { isS3Url, normalizePrefix, parseS3Url } from './layout/s3Location.js';
export type { S3Location } from './layout/s3Location.js';
export { languageTag, mp4Language, sameLanguage } from './language/languageTag.js';
