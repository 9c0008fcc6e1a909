import { defer, mergeMap } from 'rxjs';
import type { OperatorFunction } from 'rxjs';
import type { BufferPool, InitSegment, PipelineItem, ProtectionInfo, SencEntry, Segment, TrackInfo } from '@ott/core';
import { protectInit } from './cenc/protectInit.js';
import type { ProtectedTrack } from './cenc/protectInit.js';
import { TrackEncryptor, ivLayout, randomIv } from './cenc/TrackEncryptor.js';
import type { TrackEncryption } from './cenc/TrackEncryptor.js';
import { writeProtectedFragmentHeader } from './cenc/writeProtectedFragmentHeader.js';
import { encryptHlsAes128 } from './hls/encryptHlsAes128.js';
import { mapOutputFiles } from './mapOutputFiles.js';
import type { ContentKey } from './keys/ContentKey.js';
import { drmError } from './keys/drmError.js';
import { periodIndexAt, sortKeyPeriods } from './keys/KeyPeriod.js';
import type { KeyPeriod } from './keys/KeyPeriod.js';
import { resolveKeySource } from './keys/resolveKeySource.js';
import type { KeySource } from './keys/resolveKeySource.js';
import { buildProtectionInfo } from './pssh/buildProtectionInfo.js';
import type { DrmSystemName } from './pssh/systemIds.js';

/** Options of {@link encryptCmaf}. */
export interface EncryptCmafOptions {
  /**
   * `cenc` (AES-CTR) or `cbcs` (AES-CBC, 1:9 pattern for video, whole blocks for audio); `aes-128` is HLS whole-segment
   * AES-128-CBC encryption (no Common Encryption, HLS only: see {@link EncryptCmafOptions.keyUri}).
   */
  readonly scheme: 'cenc' | 'cbcs' | 'aes-128';
  /** The key of every track, unless {@link keyForTrack} picks one (one of `key`, `keyForTrack`, `keys` is needed). */
  readonly key?: ContentKey;
  /**
   * Where to get keys: `{ kind: 'raw', keyId, key }`, `{ kind: 'cpix', file }` or `{ kind: 'cpix', url }` (SPEKE v2
   * request). CPIX keys are chosen per track by the document's usage rules. Resolved when the operator is subscribed;
   * the source is subscribed once the keys are there.
   */
  readonly keys?: KeySource;
  /** Picks a key per track (e.g. from CPIX usage rules: separate audio/SD/HD keys). */
  readonly keyForTrack?: (track: TrackInfo, renditionId: string) => ContentKey;
  /**
   * Key rotation (cenc/cbcs): a key per period of media time, for every track. The init's `tenc` names the first
   * period's key (DASH `default_KID`); every fragment carries a `seig` sample group with its period's key id and its
   * period's `pssh` boxes in `moof` (ISO/IEC 23001-7 §6, DASH-IF IOP key rotation); the init's `pssh` lists all key
   * ids; HLS media playlists repeat `EXT-X-KEY` before the first segment of each period.
   */
  readonly keyPeriods?: readonly KeyPeriod[];
  /** Key rotation per track (e.g. CPIX `ContentKeyPeriod`s with usage rules); wins over {@link keyPeriods}. */
  readonly keyPeriodsForTrack?: (track: TrackInfo, renditionId: string) => readonly KeyPeriod[];
  /**
   * `aes-128` only: the `EXT-X-KEY` URI of the key (default `key.bin`, resolved against each media playlist, i.e. a
   * key file in each rendition folder). The key file is not written by the operator (`ott package` writes it).
   */
  readonly keyUri?: string;
  /**
   * IV: 8 bytes (cenc, per-sample base) or 16 bytes (cbcs constant IV). Default: the key's `iv`, else random per
   * track. The same IV for several tracks with the same key is allowed (Shaka does it) since per-sample counters differ
   * by track only through the data, so prefer distinct keys or random IVs.
   */
  readonly iv?: Uint8Array;
  /** cbcs: per-sample 16-byte IVs instead of one constant IV (default false). */
  readonly perSampleIv?: boolean;
  /** DRM systems to signal (pssh in init, manifests). Default `['widevine', 'playready', 'clearkey']`. */
  readonly drmSystems?: readonly DrmSystemName[];
  readonly clearKeyLicenseUrl?: string;
  readonly playReadyLicenseUrl?: string;
  readonly fairPlayKeyUri?: string;
  /** Leave the segments that start before this many seconds clear (signalled by a `seig` group), default 0. */
  readonly clearLeadSeconds?: number;
  /** Bytes of each slice NAL kept clear after the NAL header (slice header budget), default 32. */
  readonly sliceHeaderBytes?: number;
  /**
   * The pool the sample data came from (`readMp4File(path, { pool })`), handed to the sink as well
   * (`toFolder(dir, { pool })`): each segment's samples are encrypted in a buffer taken from it, and the clear
   * buffers they were copied from are given back at once. Only where nothing else reads the clear fragments.
   */
  readonly pool?: BufferPool;
}

interface PeriodState {
  readonly key: ContentKey;
  readonly startSeconds: number;
  readonly protection: ProtectionInfo;
  readonly psshBoxes: readonly Uint8Array[];
}

interface TrackState {
  readonly encryptor: TrackEncryptor;
  readonly track: ProtectedTrack;
  readonly protection: ProtectionInfo;
  readonly encryption: TrackEncryption;
  /** Key periods (one when keys do not rotate). */
  readonly periods: readonly PeriodState[];
}

/**
 * Encrypts CMAF init and media segments with Common Encryption (ISO/IEC 23001-7). Sits between `segmentCmaf()` and
 * `writeManifests()`: init segments get `encv`/`enca` + `sinf` + `pssh`, media segments are rewritten with `senc`,
 * `saiz`, `saio` and encrypted sample data, and both carry a {@link ProtectionInfo} the manifest writers signal.
 * Other items pass through. Keys never appear in events, errors or `protection`.
 *
 * @example
 * ```ts
 * declare const source$: Observable<PipelineItem>, kid: string, key: string; // hex
 * source$.pipe(segmentCmaf(), encryptCmaf({ scheme: 'cbcs', key: contentKeyFromHex(kid, key) }), writeManifests(), toFolder('out'))
 * ```
 */
export function encryptCmaf(options: EncryptCmafOptions): OperatorFunction<PipelineItem, PipelineItem> {
  const { keys } = options;
  if (keys !== undefined) {
    return (source) => defer(() => resolveKeySource(keys)).pipe(
      mergeMap((resolved) => source.pipe(encryptCmaf({
        ...options, keys: undefined, ...(resolved.key ? { key: resolved.key } : {}), ...(resolved.keyForTrack ? { keyForTrack: resolved.keyForTrack } : {}),
        ...(resolved.keyPeriodsForTrack ? { keyPeriodsForTrack: resolved.keyPeriodsForTrack } : {}),
      }))),
    );
  }
  if (options.scheme === 'aes-128') return encryptHlsAes128({ ...options, scheme: options.scheme });
  const scheme: 'cenc' | 'cbcs' = options.scheme;
  const systems = options.drmSystems ?? ['widevine', 'playready', 'clearkey'];
  return mapOutputFiles(() => {
    const ctx: CencContext = { options, scheme, systems, tracks: new Map<string, TrackState>() };
    return { init: (init: InitSegment) => onInit(ctx, init), segment: (segment: Segment) => onSegment(ctx, segment) };
  });
}

function isMoofChunk(chunk: Uint8Array): boolean {
  return chunk[4] === 0x6d && chunk[5] === 0x6f && chunk[6] === 0x6f && chunk[7] === 0x66;
}

/** What the per-track steps of {@link encryptCmaf} share (cenc and cbcs). */
interface CencContext {
  readonly options: EncryptCmafOptions;
  readonly scheme: 'cenc' | 'cbcs';
  readonly systems: NonNullable<EncryptCmafOptions['drmSystems']>;
  readonly tracks: Map<string, TrackState>;
}

function onInit(ctx: CencContext, init: InitSegment): InitSegment {
  const { options, scheme, systems, tracks } = ctx;
  const periods = keyPeriodsOf(options, init);
  const key = periods[0]?.key;
  if (key === undefined) throw drmError('DRM_KEY_NOT_FOUND', 'encryptCmaf needs key, keyForTrack, keyPeriods or keys; none was given.');
  const kind = init.track.kind;
  const iv = options.iv ?? key.iv ?? randomIv();
  const wantIv = scheme === 'cenc' ? 8 : 16;
  if (iv.byteLength !== wantIv && !(scheme === 'cenc' && iv.byteLength === 16)) {
    throw drmError('DRM_INVALID_KEY', `Expected a ${wantIv}-byte IV for ${scheme}, got ${iv.byteLength} bytes.`);
  }
  const encryption: TrackEncryption = {
    scheme,
    key,
    iv,
    constantIv: scheme === 'cbcs' && options.perSampleIv !== true,
    ...(scheme === 'cbcs' ? { pattern: kind === 'video' ? { crypt: 1, skip: 9 } : { crypt: 0, skip: 0 } } : {}),
    ...(options.sliceHeaderBytes === undefined ? {} : { sliceHeaderBytes: options.sliceHeaderBytes }),
  };
  const signal = (kid: Uint8Array, kids?: readonly Uint8Array[]): ReturnType<typeof buildProtectionInfo> => buildProtectionInfo({
    scheme, kid, systems, ...(kids ? { kids } : {}),
    ...(options.clearKeyLicenseUrl ? { clearKeyLicenseUrl: options.clearKeyLicenseUrl } : {}),
    ...(options.playReadyLicenseUrl ? { playReadyLicenseUrl: options.playReadyLicenseUrl } : {}),
    ...(options.fairPlayKeyUri ? { fairPlayKeyUri: options.fairPlayKeyUri } : {}),
  });
  // The init's pssh boxes name every key id of the track, so players can ask for all keys up front.
  const { info, psshBoxes } = signal(key.kid, periods.map((p) => p.key.kid));
  const { data, track } = protectInit(init.data, {
    scheme, kid: key.kid, ...ivLayout(encryption),
    ...(encryption.pattern ? { pattern: encryption.pattern } : {}), psshBoxes,
  });
  const periodStates = periods.map((p, i) => {
    const own = i === 0 && periods.length === 1 ? { info, psshBoxes } : signal(p.key.kid);
    return { key: p.key, startSeconds: p.startSeconds, protection: i === 0 ? { ...own.info, defaultKid: info.defaultKid } : own.info, psshBoxes: own.psshBoxes };
  });
  tracks.set(init.renditionId, { encryptor: new TrackEncryptor(track, encryption), track, protection: info, encryption, periods: periodStates });
  return { ...init, data, protection: info };
}

function keyPeriodsOf(options: EncryptCmafOptions, init: InitSegment): readonly KeyPeriod[] {
  const rotating = options.keyPeriodsForTrack?.(init.track, init.renditionId) ?? options.keyPeriods;
  if (rotating !== undefined) return sortKeyPeriods(rotating);
  const key = options.keyForTrack?.(init.track, init.renditionId) ?? options.key;
  return key === undefined ? [] : [{ key, startSeconds: 0 }];
}

function onSegment(ctx: CencContext, segment: Segment): Segment | Promise<Segment> {
  const { options, tracks } = ctx;
  const state = tracks.get(segment.renditionId);
  if (state === undefined) {
    throw drmError('DRM_UNSUPPORTED', `Media segment of rendition "${segment.renditionId}" came before its init segment; encryptCmaf needs the init first.`);
  }
  const { samples } = segment;
  if (samples === undefined) {
    throw drmError('DRM_UNSUPPORTED', `Media segment ${segment.path} carries no sample table; encryptCmaf needs segments from segmentCmaf() of this version.`);
  }
  const headerIndex = segment.chunks.findIndex(isMoofChunk);
  if (headerIndex < 0) throw drmError('DRM_UNSUPPORTED', `Media segment ${segment.path} has no moof chunk.`);
  let size = 0;
  for (const s of samples) size += s.size;
  // One buffer for the segment's samples: encrypted in place, written as one chunk.
  const data = options.pool === undefined ? new Uint8Array(size) : options.pool.take(size);
  let p = 0;
  for (const chunk of segment.chunks.slice(headerIndex + 1)) {
    data.set(chunk, p);
    p += chunk.byteLength;
    options.pool?.release(chunk);
  }
  const seconds = segment.startTime / segment.track.timescale;
  const clear = (options.clearLeadSeconds ?? 0) > 0 && seconds < (options.clearLeadSeconds ?? 0);
  const { encryptor, encryption, periods } = state;
  const rotating = periods.length > 1;
  const period = periods[periodIndexAt(periods, seconds)] ?? periods[0];
  if (period === undefined) throw drmError('DRM_KEY_NOT_FOUND', `No key period for segment ${segment.path}.`);
  const layout = ivLayout(encryption);
  const entries = clear ? undefined : encryptor.encrypt(samples, data, rotating ? period.key.key : undefined);
  const finish = (sencEntries: readonly SencEntry[] | undefined): Segment => {
    const header = writeProtectedFragmentHeader({
      sequenceNumber: segment.sequenceNumber ?? segment.number,
      trackId: segment.track.id,
      baseMediaDecodeTime: segment.startTime,
      samples,
      useSubsamples: encryptor.useSubsamples,
      ...(sencEntries === undefined
        ? { seig: { isProtected: false, kid: new Uint8Array(16), perSampleIvSize: 0 } }
        : { entries: sencEntries }),
      // Key rotation: the fragment names its key in a seig group and carries its period's pssh (ISO/IEC 23001-7 §6).
      ...(rotating && !clear ? {
        seig: {
          isProtected: true, kid: period.key.kid, perSampleIvSize: layout.perSampleIvSize,
          ...(layout.constantIv ? { constantIv: layout.constantIv } : {}),
          ...(encryption.pattern ? { crypt: encryption.pattern.crypt, skip: encryption.pattern.skip } : {}),
        },
        psshBoxes: period.psshBoxes,
      } : {}),
    });
    const chunks = [...segment.chunks.slice(0, headerIndex), header, data];
    let byteLength = 0;
    for (const c of chunks) byteLength += c.byteLength;
    return { ...segment, chunks, byteLength, protection: period.protection };
  };
  return entries instanceof Promise ? entries.then(finish) : finish(entries);
}
