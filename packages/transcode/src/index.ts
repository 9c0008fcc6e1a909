export { transcodeLadder } from './transcodeLadder.js';
export type { TranscodeOptions } from './TranscodeOptions.js';
export { defaultLadder } from './ladder/defaultLadder.js';
export { resolveLadder } from './ladder/resolveLadder.js';
export type { ResolvedAudioRendition, ResolvedLadder, ResolvedVideoRendition } from './ladder/ResolvedLadder.js';
export { parseLadderSpec } from './ladder/parseLadderSpec.js';
export { validateLadder } from './ladder/validateLadder.js';
export { defaultAudioBitrate, defaultVideoBitrate } from './ladder/defaultBitrate.js';
export { buildLadderArgs, FIRST_OUTPUT_FD } from './ffmpeg/buildLadderArgs.js';
export type { ExtraArgs, LadderArgs, LadderArgsOptions, LadderOutput } from './ffmpeg/buildLadderArgs.js';
// Live
export { transcodeLive } from './transcodeLive.js';
export type { LiveTranscodeOptions } from './live/LiveTranscodeOptions.js';
export { buildLiveLadderArgs } from './ffmpeg/buildLiveLadderArgs.js';
export type { LiveLadderArgsOptions } from './ffmpeg/buildLiveLadderArgs.js';
export { LiveTimeline } from './live/LiveTimeline.js';
// Building blocks of one ladder encode, for orchestrators such as @ott/farm (which encodes chunks on many machines).
export { runFfmpeg } from './ffmpeg/runFfmpeg.js';
export type { FfmpegExit, FfmpegProcess, RunFfmpegOptions } from './ffmpeg/runFfmpeg.js';
export { createProgressParser } from './ffmpeg/parseProgress.js';
export type { ProgressBlock } from './ffmpeg/parseProgress.js';
export { ffmpegFailure } from './job/ffmpegFailure.js';
export { toCmafInit } from './cmaf/toCmafInit.js';
