export { segmentCmaf } from './segmentCmaf.js';
export type { SegmentCmafOptions } from './segmentCmaf.js';
export { writeManifests } from './writeManifests.js';
export { addSubtitles } from './text/addSubtitles.js';
export type { AddSubtitlesOptions, SubtitleTrack } from './text/addSubtitles.js';
export { parseSubtitles, SUBTITLE_LIMITS } from './text/parseSubtitles.js';
export type { ParsedSubtitles } from './text/parseSubtitles.js';
export type { WriteManifestsOptions } from './writeManifests.js';
export { toFolder } from './toFolder.js';
export type { ToFolderOptions } from './toFolder.js';
export { packageCmaf } from './packageCmaf.js';
// Live packaging (LL-HLS + LL-DASH)
export { packageLive } from './live/packageLive.js';
export type { PackageLiveOptions } from './live/PackageLiveOptions.js';
export { recordLive } from './recording/recordLive.js';
export type { RecordLiveOptions } from './recording/recordLive.js';
export { checkLowLatencyPlaylist } from './hls/checkLowLatencyPlaylist.js';
export type { PlaylistCheckOptions, PlaylistProblem } from './hls/checkLowLatencyPlaylist.js';
export type { PackageCmafOptions } from './packageCmaf.js';
// Manifest writers (pure functions over plain data)
export { writeMediaPlaylist } from './hls/writeMediaPlaylist.js';
export type { MediaPlaylistOptions } from './hls/writeMediaPlaylist.js';
export { writeMasterPlaylist } from './hls/writeMasterPlaylist.js';
export type { MasterPlaylistEntry, MasterPlaylistOptions } from './hls/writeMasterPlaylist.js';
export { writeMpd } from './dash/writeMpd.js';
export type { MpdOptions } from './dash/writeMpd.js';
export { measureBandwidth } from './manifest/measureBandwidth.js';
export type { Bandwidth } from './manifest/measureBandwidth.js';
export type { RenditionRecord, SegmentRecord } from './manifest/RenditionRecord.js';
// Input: encoded MP4 files (progressive or fragmented) for `ott package`
export { readMp4File } from './input/readMp4File.js';
export type { ReadMp4FileOptions } from './input/readMp4File.js';
