import { PlayerError } from '../errors/PlayerError.js';
import type { ObjectRequest, SegmentRef, Track } from '../manifest/Presentation.js';
import { readInit } from '../mp4/readInit.js';
import type { InitInfo } from '../mp4/readInit.js';
import { isMpegTs } from '../mp4/readSegment.js';
import { decryptAes128 } from './decryptAes128.js';
import { fetchBytes } from './fetchBytes.js';

/** A fetched and parsed init segment. */
export interface LoadedInit {
  readonly key: string;
  readonly bytes: Uint8Array;
  readonly info: InitInfo;
}

const TS_MESSAGE = '@ott/player plays fragmented MP4 only: repackage as CMAF (ott package, or ffmpeg -hls_segment_type fmp4).';

/**
 * Init segments (EXT-X-MAP, DASH Initialization, SegmentBase) fetched once per URL and byte range (CMCD object type
 * `i` through `request`), decrypted when an HLS AES-128 key applies to them.
 */
export class InitCache {
  private readonly inits = new Map<string, Promise<LoadedInit>>();

  constructor(private readonly request?: ObjectRequest) {}

  /** The init segment of a track's first segment; explains what is wrong when there is none (MPEG-TS, no MAP). */
  async first(track: Track): Promise<LoadedInit> {
    const first = track.segments?.[0];
    if (!first) throw new PlayerError('MANIFEST_UNSUPPORTED', `Track ${track.id} has no segments.`, { stage: 'manifest' });
    if (!first.init && !track.sidx?.init) {
      const head = await fetchBytes(first.url, { byteRange: { offset: 0, length: 1024 } });
      if (isMpegTs(head)) {
        throw new PlayerError('UNSUPPORTED_CONTAINER', `Expected fMP4/CMAF segments, got MPEG-TS at ${first.url}. ${TS_MESSAGE}`, { stage: 'mse', details: { url: first.url } });
      }
      throw new PlayerError('MANIFEST_UNSUPPORTED', `Expected an init segment (EXT-X-MAP or DASH Initialization) for ${track.id}; found none.`, { stage: 'manifest' });
    }
    return this.get(track, first);
  }

  /** The init segment that `segment` of `track` needs. */
  get(track: Track, segment: SegmentRef): Promise<LoadedInit> {
    const ref = segment.init ?? track.sidx?.init;
    if (!ref) return Promise.reject(new PlayerError('MANIFEST_UNSUPPORTED', `No init segment for ${segment.url}.`, { stage: 'manifest' }));
    const key = `${ref.url}|${ref.byteRange?.offset ?? ''}`;
    let loaded = this.inits.get(key);
    if (!loaded) {
      const shaped = this.request?.(ref.url, 'i') ?? { url: ref.url, headers: {} };
      loaded = fetchBytes(shaped.url, { headers: shaped.headers, ...(ref.byteRange ? { byteRange: ref.byteRange } : {}) }).then(async (fetched) => {
        // Without an IV the sequence number of the first segment using this map stands in (RFC 8216bis requires an IV).
        const bytes = ref.aes128 ? await decryptAes128(fetched, ref.aes128, segment.number, this.request) : fetched;
        if (isMpegTs(bytes)) throw new PlayerError('UNSUPPORTED_CONTAINER', `Expected an fMP4 init segment at ${ref.url}, got MPEG-TS.`, { stage: 'mse' });
        return { key, bytes, info: readInit(bytes) };
      });
      this.inits.set(key, loaded);
      loaded.catch(() => this.inits.delete(key));
    }
    return loaded;
  }
}
