import type { ByteSink } from '../cursor/ByteSink.js';
import type { Cursor } from '../cursor/Cursor.js';

/** One reference of a segment index. */
export interface SidxReference {
  /** 1 = points to another sidx, 0 = to media. */
  readonly referenceType: number;
  readonly referencedSize: number;
  readonly subsegmentDuration: number;
  readonly startsWithSap: boolean;
  readonly sapType: number;
  readonly sapDeltaTime: number;
}

/** Segment index (`sidx`), ISO/IEC 14496-12 §8.16.3. */
export interface SidxBox {
  readonly type: 'sidx';
  readonly version: number;
  readonly flags: number;
  readonly referenceId: number;
  readonly timescale: number;
  readonly earliestPresentationTime: number;
  readonly firstOffset: number;
  readonly references: readonly SidxReference[];
}

/** Reads `sidx`. */
export function readSidx(c: Cursor): SidxBox {
  const version = c.u8();
  const flags = c.u24();
  const referenceId = c.u32();
  const timescale = c.u32();
  const earliestPresentationTime = version === 0 ? c.u32() : c.u64();
  const firstOffset = version === 0 ? c.u32() : c.u64();
  c.skip(2);
  const count = c.u16();
  c.needEntries(count, 12, 'sidx');
  const references: SidxReference[] = [];
  for (let i = 0; i < count; i++) {
    const a = c.u32();
    const subsegmentDuration = c.u32();
    const b = c.u32();
    references.push({
      referenceType: a >>> 31, referencedSize: a & 0x7fffffff, subsegmentDuration,
      startsWithSap: b >>> 31 === 1, sapType: (b >>> 28) & 7, sapDeltaTime: b & 0x0fffffff,
    });
  }
  return { type: 'sidx', version, flags, referenceId, timescale, earliestPresentationTime, firstOffset, references };
}

/** Writes `sidx`. */
export function writeSidx(w: ByteSink, box: SidxBox): void {
  w.fullBox('sidx', box.version, box.flags, () => {
    w.u32(box.referenceId);
    w.u32(box.timescale);
    if (box.version === 0) {
      w.u32(box.earliestPresentationTime);
      w.u32(box.firstOffset);
    } else {
      w.u64(box.earliestPresentationTime);
      w.u64(box.firstOffset);
    }
    w.u16(0);
    w.u16(box.references.length);
    for (const r of box.references) {
      w.u32(((r.referenceType & 1) << 31) | (r.referencedSize & 0x7fffffff));
      w.u32(r.subsegmentDuration);
      w.u32((Number(r.startsWithSap) << 31) | ((r.sapType & 7) << 28) | (r.sapDeltaTime & 0x0fffffff));
    }
  });
}
