import { Cursor, readBoxHeader, readBoxes } from '@ott/core';
import type { ContainerBox } from '@ott/core';
import { readSampleEncryption } from './readSampleEncryption.js';
import type { SampleProtection } from './readSampleEncryption.js';
import { readTrackProtection } from './readTrackProtection.js';
import type { TrackDefaults, TrackProtection } from './readTrackProtection.js';
import { trafSamples } from './trafSamples.js';

/** One sample of a fragmented MP4 with its protection (when its track is protected). */
export interface ListedSample {
  readonly trackId: number;
  /** A view of the sample bytes. */
  readonly data: Uint8Array;
  readonly protection?: SampleProtection;
}

/**
 * Lists the samples of a fragmented MP4 (init + fragments) in file order, with their `senc`/`seig` protection: what a
 * checker compares between an encrypted file and its clear twin.
 */
export function listSamples(input: Uint8Array): ListedSample[] {
  const out: ListedSample[] = [];
  let protection = new Map<number, TrackProtection>();
  let defaults = new Map<number, TrackDefaults>();
  const c = new Cursor(input);
  while (c.remaining >= 8) {
    const h = readBoxHeader(c);
    const bytes = input.subarray(h.start, h.start + h.size);
    if (h.type === 'moov') ({ protection, defaults } = readTrackProtection(readBoxes(bytes)[0] as ContainerBox));
    if (h.type === 'moof') {
      const moof = readBoxes(bytes)[0] as ContainerBox;
      for (const traf of moof.children.filter((b): b is ContainerBox => b.type === 'traf')) {
        const tfhd = traf.children.find((b) => b.type === 'tfhd');
        const id = tfhd !== undefined && 'trackId' in tfhd ? tfhd.trackId : 0;
        const { trackId, samples } = trafSamples(traf, h.start, defaults.get(id));
        const track = protection.get(trackId);
        const info = track === undefined ? [] : readSampleEncryption(traf, samples.length, track);
        samples.forEach((r, i) => {
          const p = info[i];
          out.push({ trackId, data: input.subarray(r.offset, r.offset + r.size), ...(p ? { protection: p } : {}) });
        });
      }
    }
    c.pos = h.start + h.size;
  }
  return out;
}
