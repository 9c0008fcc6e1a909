import type { Box } from '../box/Box.js';
import { findBox, findBoxes } from '../box/findBox.js';
import { readBoxes } from '../box/readBoxes.js';
import { printable } from '../box/readBoxHeader.js';
import { isobmffError } from '../cursor/isobmffError.js';
import { describeTrak } from '../track/trackInfoFromTrak.js';
import { ChunkQueue } from './ChunkQueue.js';
import type { Fmp4InitItem, Fmp4Item } from './Fmp4Item.js';
import { readFragment } from './readFragment.js';
import type { TrackState } from './readFragment.js';

/** Options of {@link Fmp4Demuxer}. */
export interface Fmp4DemuxerOptions {
  /** Largest `moov`/`moof`/`mdat` buffered before `ISOBMFF_TOO_LARGE` (default 1 GiB). */
  readonly maxBoxSize?: number;
}

// Boxes the demuxer buffers and parses; every other top-level box (styp, sidx, free, prft, emsg, mfra, …) is skipped.
const PARSED = new Set(['moov', 'moof', 'mdat']);

/**
 * Streaming parser for fragmented MP4 as ffmpeg writes it to a pipe: `ftyp`+`moov`, then `moof`+`mdat` pairs. Feed
 * chunks of any size with {@link push}; it returns the items completed by that chunk. Chunks are kept in a list and
 * only concatenated when a box straddles them; fragment `data` is a view into the `mdat` where possible.
 *
 * @example
 * ```ts
 * declare const ffmpeg: import('node:child_process').ChildProcessWithoutNullStreams;
 * declare function handle(item: Fmp4Item): void;
 * const demuxer = new Fmp4Demuxer();
 * ffmpeg.stdout.on('data', (chunk) => { for (const item of demuxer.push(chunk)) handle(item); });
 * ffmpeg.stdout.on('end', () => demuxer.end());
 * ```
 */
export class Fmp4Demuxer {
  readonly #queue = new ChunkQueue();
  readonly #tracks = new Map<number, TrackState>();
  readonly #maxBoxSize: number;
  #skipRemaining = 0;
  #pendingMoof: { readonly moof: readonly Box[]; readonly moofStart: number } | undefined;

  constructor(options: Fmp4DemuxerOptions = {}) {
    this.#maxBoxSize = options.maxBoxSize ?? 1024 * 1024 * 1024;
  }

  /**
   * Adds a chunk and returns the init and fragment items it completed.
   * @throws OttError `ISOBMFF_*` on malformed input (the demuxer is unusable afterwards).
   */
  push(chunk: Uint8Array): Fmp4Item[] {
    const q = this.#queue;
    q.push(chunk);
    const items: Fmp4Item[] = [];
    for (;;) {
      if (this.#skipRemaining > 0) {
        this.#skipRemaining -= q.skip(this.#skipRemaining);
        if (this.#skipRemaining > 0) break;
      }
      const header = q.peekBoxHeader();
      if (header === undefined) break;
      const { type, size } = header;
      if (size === 0) {
        throw isobmffError('ISOBMFF_UNSUPPORTED', `Box '${printable(type)}' at offset ${q.position} has size 0 ("to end of file"), which a stream cannot resolve; write fragmented MP4 with explicit sizes.`);
      }
      const headerSize = header.headerSize;
      const wanted = PARSED.has(type) && (type !== 'mdat' || this.#pendingMoof !== undefined);
      if (!wanted) {
        this.#skipRemaining = size;
        continue;
      }
      if (size > this.#maxBoxSize) {
        throw isobmffError('ISOBMFF_TOO_LARGE', `Box '${type}' at offset ${q.position} is ${size} bytes, above the ${this.#maxBoxSize}-byte limit; raise maxBoxSize or fragment the input more finely.`, { offset: q.position, size });
      }
      if (q.length < size) break;
      const start = q.position;
      const bytes = q.take(size);
      if (type === 'moov') items.push(this.#readMoov(bytes));
      else if (type === 'moof') this.#pendingMoof = { moof: readBoxes(bytes), moofStart: start };
      else {
        const pending = this.#pendingMoof as { readonly moof: readonly Box[]; readonly moofStart: number };
        this.#pendingMoof = undefined;
        items.push(...readFragment({ ...pending, mdatStart: start + headerSize, mdat: bytes.subarray(headerSize) }, this.#tracks));
      }
    }
    return items;
  }

  /** Signals the end of input. @throws OttError `ISOBMFF_TRUNCATED` if a partial box (or a moof without mdat) is left. */
  end(): void {
    if (this.#queue.length > 0 || this.#skipRemaining > 0 || this.#pendingMoof !== undefined) {
      throw isobmffError(
        'ISOBMFF_TRUNCATED',
        `The stream ended inside a box (${this.#queue.length} bytes pending${this.#pendingMoof ? ', a moof without its mdat' : ''}); the producer stopped early or the output was cut.`,
      );
    }
  }

  #readMoov(bytes: Uint8Array): Fmp4InitItem {
    const moov = findBox(readBoxes(bytes), 'moov');
    const trexes = findBoxes(findBox(moov, 'mvex'), 'trex');
    const tracks: { track: Fmp4InitItem['tracks'][number]['track']; sampleEntry: Uint8Array }[] = [];
    for (const trak of findBoxes(moov, 'trak')) {
      const handler = findBox(findBox(trak, 'mdia'), 'hdlr')?.handlerType;
      if (handler !== 'vide' && handler !== 'soun') continue;
      const { track, sampleEntry } = describeTrak(trak);
      const trex = trexes.find((t) => t.trackId === track.id);
      this.#tracks.set(track.id, { ...(trex ? { trex } : {}), allSync: track.kind === 'audio', nextDecodeTime: 0 });
      tracks.push({ track, sampleEntry });
    }
    return { type: 'init', tracks };
  }
}
