import type { CmafSample } from '../../types/cmaf.js';
import type { TrackInfo } from '../../types/media.js';

/** The tracks of a `moov`, each with its raw sample entry box. */
export interface Fmp4InitItem {
  readonly type: 'init';
  readonly tracks: readonly { readonly track: TrackInfo; readonly sampleEntry: Uint8Array }[];
}

/** The samples of one `traf` with their bytes (a view into the `mdat` where possible). */
export interface Fmp4FragmentItem {
  readonly type: 'fragment';
  readonly trackId: number;
  readonly sequenceNumber: number;
  readonly baseMediaDecodeTime: number;
  readonly samples: CmafSample[];
  readonly data: Uint8Array;
}

/** What {@link Fmp4Demuxer.push} yields. */
export type Fmp4Item = Fmp4InitItem | Fmp4FragmentItem;
