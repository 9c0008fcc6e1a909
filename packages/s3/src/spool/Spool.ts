import { mkdir, open, readdir, readFile, rename, unlink, writeFile, appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OttError } from '@ott/core';
import type { ObjectBody } from '../client/S3Store.js';
import { readJournal } from './readJournal.js';
import type { JournalLine, SpoolDelete, SpoolEntry, SpoolPut } from './SpoolEntry.js';

/** The bucket and prefix a spool folder belongs to (recorded in `spool.json`). */
export interface SpoolDestination {
  readonly bucket: string;
  readonly prefix: string;
}

const JOURNAL = 'journal.ndjson';
const META = 'spool.json';

/**
 * The on-disk spool of the S3 sink: object files under `objects/` (written to a temp name and renamed, so a file is
 * whole or absent) and `journal.ndjson`, an append-only log of what is pending in arrival order (an entry is appended
 * after its file exists, a `done` line after it is in the bucket), so the order survives a crash and
 * {@link drainSpool} can finish the job later. No `fsync`, like the folder sink: it survives process crashes, not
 * power loss.
 *
 * While entries wait it keeps only what must still be uploaded: a newer version of a spooled manifest replaces the
 * older one (keeping the older one's place in the order), and a removal of a spooled object makes its upload
 * unnecessary; an operation that arrives after a later one on its key (a late upload failure) is dropped. Entries
 * locked by a running drain are never changed.
 */
export class Spool {
  readonly dir: string;
  readonly #objects: string;
  readonly #journal: string;
  readonly #entries: Map<number, SpoolEntry>;
  readonly #locked = new Set<number>();
  /** Latest pending put and removal per key, and pending segment per `renditionId#number` (for parts). */
  readonly #latestPut = new Map<string, number>();
  readonly #latestDel = new Map<string, number>();
  readonly #segments = new Map<string, number>();
  /** Parts re-pointed at a segment file, per segment seq; finished entries whose file those parts still need. */
  readonly #refs = new Map<number, number>();
  readonly #retired = new Set<number>();
  #bytes = 0;
  #lastSeq: number;
  #lines: number;
  #tail: Promise<unknown> = Promise.resolve();

  private constructor(dir: string, entries: Map<number, SpoolEntry>, lastSeq: number, lines: number) {
    this.dir = dir;
    this.#objects = join(dir, 'objects');
    this.#journal = join(dir, JOURNAL);
    this.#entries = entries;
    this.#lastSeq = lastSeq;
    this.#lines = lines;
    for (const entry of this.sorted()) {
      this.#index(entry);
      // A segment already uploaded whose file parts still read from: removed once the last of them is.
      if (entry.op === 'put' && entry.source !== undefined && !entries.has(entry.source.seq)) this.#retired.add(entry.source.seq);
    }
  }

  /** Opens (or creates) the spool folder of `destination`, replays its journal and removes orphan files. */
  static async open(dir: string, destination: SpoolDestination): Promise<Spool> {
    try {
      await mkdir(join(dir, 'objects'), { recursive: true });
      const metaFile = join(dir, META);
      const meta = await readFile(metaFile, 'utf8').then((text) => JSON.parse(text) as SpoolDestination, () => undefined);
      if (meta === undefined) await writeFile(metaFile, `${JSON.stringify({ bucket: destination.bucket, prefix: destination.prefix })}\n`);
      else if (meta.bucket !== destination.bucket || meta.prefix !== destination.prefix) {
        throw new OttError(
          'S3_SPOOL_FAILED',
          `The spool folder ${dir} belongs to s3://${meta.bucket}/${meta.prefix}, not s3://${destination.bucket}/${destination.prefix}. ` +
            'Give each bucket + prefix its own spool.dir (or drain that spool first with drainSpool()).',
          { stage: 'storage', details: { dir, spooledFor: meta } },
        );
      }
      const state = await readJournal(join(dir, JOURNAL));
      const spool = new Spool(dir, state.entries, state.lastSeq, state.lines);
      await spool.#removeOrphans();
      return spool;
    } catch (error) {
      if (error instanceof OttError) throw error;
      throw spoolError(`Could not open the spool folder ${dir}`, error, dir);
    }
  }

  /** Bytes of object data the pending entries hold on disk. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Pending entries. */
  get size(): number {
    return this.#entries.size;
  }

  /** Highest arrival number the spool has seen (a new run numbers its items after it). */
  get lastSeq(): number {
    return this.#lastSeq;
  }

  /** Pending entries in arrival order. */
  sorted(): SpoolEntry[] {
    return [...this.#entries.values()].sort((a, b) => a.seq - b.seq);
  }

  /** Where the bytes of a spooled object are: its own file, or (a part whose copy was dropped) a range of its segment's. */
  bodyOf(entry: SpoolPut): ObjectBody {
    if (entry.source !== undefined) return { type: 'file', file: this.#fileOf(entry.source.seq), start: entry.source.offset, length: entry.size };
    return { type: 'file', file: this.#fileOf(entry.seq), start: 0, length: entry.size };
  }

  /** Spools one entry (with its bytes for a put); resolves once its file and journal line are written. */
  async add(entry: SpoolEntry, chunks: readonly Uint8Array[]): Promise<void> {
    this.#lastSeq = Math.max(this.#lastSeq, entry.seq);
    // An operation spooled after a later one on its key (an upload that failed late, after the SDK's retries) has
    // nothing left to do: the later one decides what the key holds, and a drain would skip it anyway.
    if (Math.max(this.#latestPut.get(entry.key) ?? 0, this.#latestDel.get(entry.key) ?? 0) > entry.seq) return;
    if (entry.op === 'put') await this.#writeObject(entry.seq, chunks);
    // From here on synchronous until the append is queued: a drain cannot lock what is being replaced meanwhile.
    const replaced = entry.op === 'put' ? this.#replaceableManifest(entry) : this.#elidablePut(entry);
    const added: SpoolEntry = entry.op === 'put' && replaced !== undefined && entry.kind === 'manifest' ? { ...entry, order: Math.min(entry.order, (replaced as SpoolPut).order) } : entry;
    this.#entries.set(added.seq, added);
    this.#index(added);
    const lines: JournalLine[] = [added];
    if (replaced !== undefined) {
      this.#finish(replaced);
      lines.push({ op: 'done', seqs: [replaced.seq] });
    }
    await this.#append(lines);
    if (replaced !== undefined) await this.#retire(replaced);
  }

  /** Locks and returns every pending entry for a drain; later `add`s never change them. */
  snapshot(): SpoolEntry[] {
    const entries = this.sorted();
    for (const entry of entries) this.#locked.add(entry.seq);
    return entries;
  }

  /** Ends a drain: entries it did not finish become changeable again. */
  unlock(): void {
    this.#locked.clear();
  }

  /** Records entries as finished (in the bucket, deleted, or no longer needed) and removes their files. */
  async complete(entries: readonly SpoolEntry[]): Promise<void> {
    if (entries.length === 0) return;
    for (const entry of entries) this.#finish(entry);
    await this.#append([{ op: 'done', seqs: entries.map((e) => e.seq) }]);
    for (const entry of entries) await this.#retire(entry);
  }

  /** Whether the segment is spooled as a file of its own (its parts can be cut from it, see {@link sliceOldestParts}). */
  hasSegment(renditionId: string, segmentNumber: number): boolean {
    const seq = this.#segments.get(`${renditionId}#${segmentNumber}`);
    const entry = seq === undefined ? undefined : this.#entries.get(seq);
    return entry?.op === 'put' && entry.source === undefined;
  }

  /** Bytes of the spooled parts of one segment (see {@link hasSegment} for the segment itself). */
  partBytesOf(renditionId: string, segmentNumber: number): number {
    let bytes = 0;
    for (const entry of this.#entries.values()) {
      if (entry.op !== 'put' || entry.part === undefined || entry.source !== undefined || this.#locked.has(entry.seq)) continue;
      if (entry.part.renditionId === renditionId && entry.part.segmentNumber === segmentNumber) bytes += entry.size;
    }
    return bytes;
  }

  /**
   * Frees at least `needed` bytes, if it can, by dropping the spooled copies of the oldest LL parts whose segment is
   * spooled too: the part becomes a byte range of the segment's file (checked byte for byte first), so it can still
   * be uploaded if a playlist names it. Returns the bytes freed.
   */
  async sliceOldestParts(needed: number): Promise<number> {
    let freed = 0;
    for (const entry of this.sorted()) {
      if (freed >= needed) break;
      if (entry.op !== 'put' || entry.part === undefined || entry.source !== undefined || this.#locked.has(entry.seq)) continue;
      const segmentSeq = this.#segments.get(`${entry.part.renditionId}#${entry.part.segmentNumber}`);
      const segment = segmentSeq === undefined ? undefined : this.#entries.get(segmentSeq);
      if (segment?.op !== 'put' || segment.source !== undefined || segment.size < entry.part.offset + entry.size) continue;
      if (!(await this.#sameBytes(entry, segment.seq, entry.part.offset))) continue;
      if (this.#entries.get(entry.seq) !== entry || !this.#entries.has(segment.seq)) continue; // changed while reading
      const sliced: SpoolPut = { ...entry, source: { seq: segment.seq, offset: entry.part.offset } };
      this.#entries.set(entry.seq, sliced);
      this.#refs.set(segment.seq, (this.#refs.get(segment.seq) ?? 0) + 1);
      this.#bytes -= entry.size;
      freed += entry.size;
      await this.#append([{ op: 'slice', seq: entry.seq, from: segment.seq, offset: entry.part.offset }]);
      await unlink(this.#fileOf(entry.seq)).catch(() => undefined);
    }
    return freed;
  }

  /** Empties the journal when nothing is pending; rewrites it without finished entries when it has grown long. */
  async compact(): Promise<void> {
    await this.#serial(async () => {
      if (this.#locked.size > 0) return;
      if (this.#entries.size === 0) {
        await unlink(this.#journal).catch(() => undefined);
        this.#lines = 0;
      } else if (this.#lines > 2000 && this.#lines > 4 * this.#entries.size) {
        const temp = `${this.#journal}.tmp`;
        await writeFile(temp, this.sorted().map((entry) => `${JSON.stringify(entry)}\n`).join(''));
        await rename(temp, this.#journal);
        this.#lines = this.#entries.size;
      }
    });
  }

  #fileOf(seq: number): string {
    return join(this.#objects, `${String(seq).padStart(12, '0')}.bin`);
  }

  #index(entry: SpoolEntry): void {
    if (entry.op !== 'put') {
      this.#latestDel.set(entry.key, entry.seq);
      return;
    }
    if (entry.source === undefined) this.#bytes += entry.size;
    else this.#refs.set(entry.source.seq, (this.#refs.get(entry.source.seq) ?? 0) + 1);
    this.#latestPut.set(entry.key, entry.seq);
    if (entry.segment !== undefined) this.#segments.set(`${entry.segment.renditionId}#${entry.segment.number}`, entry.seq);
  }

  /** An older, unlocked spooled version of the manifest `entry` replaces. */
  #replaceableManifest(entry: SpoolPut): SpoolEntry | undefined {
    if (entry.kind !== 'manifest') return undefined;
    const previous = this.#pendingPut(entry.key);
    return previous !== undefined && previous.kind === 'manifest' && previous.seq < entry.seq ? previous : undefined;
  }

  /** A spooled, unlocked upload that the removal `entry` makes unnecessary (the delete itself still runs). */
  #elidablePut(entry: SpoolDelete): SpoolEntry | undefined {
    const previous = this.#pendingPut(entry.key);
    return previous !== undefined && previous.seq < entry.seq && (this.#refs.get(previous.seq) ?? 0) === 0 ? previous : undefined;
  }

  #pendingPut(key: string): SpoolPut | undefined {
    const seq = this.#latestPut.get(key);
    const entry = seq === undefined ? undefined : this.#entries.get(seq);
    return entry?.op === 'put' && !this.#locked.has(entry.seq) ? entry : undefined;
  }

  #finish(entry: SpoolEntry): void {
    if (!this.#entries.delete(entry.seq)) return;
    if (entry.op !== 'put') {
      if (this.#latestDel.get(entry.key) === entry.seq) this.#latestDel.delete(entry.key);
      return;
    }
    if (entry.source === undefined) this.#bytes -= entry.size;
    if (this.#latestPut.get(entry.key) === entry.seq) this.#latestPut.delete(entry.key);
    if (entry.segment !== undefined) {
      const id = `${entry.segment.renditionId}#${entry.segment.number}`;
      if (this.#segments.get(id) === entry.seq) this.#segments.delete(id);
    }
  }

  /** Removes a finished entry's file, unless parts still read from it; releases the segment a sliced part read from. */
  async #retire(entry: SpoolEntry): Promise<void> {
    if (entry.op !== 'put') return;
    if (entry.source !== undefined) {
      const left = (this.#refs.get(entry.source.seq) ?? 1) - 1;
      if (left > 0) this.#refs.set(entry.source.seq, left);
      else {
        this.#refs.delete(entry.source.seq);
        if (this.#retired.delete(entry.source.seq)) await unlink(this.#fileOf(entry.source.seq)).catch(() => undefined);
      }
      return;
    }
    if ((this.#refs.get(entry.seq) ?? 0) > 0) this.#retired.add(entry.seq);
    else await unlink(this.#fileOf(entry.seq)).catch(() => undefined);
  }

  async #writeObject(seq: number, chunks: readonly Uint8Array[]): Promise<void> {
    const temp = join(this.#objects, `.${seq}.tmp`);
    const handle = await open(temp, 'w');
    try {
      const pending = chunks.filter((chunk) => chunk.byteLength > 0);
      for (let i = 0; i < pending.length; i += 1024) await handle.writev(pending.slice(i, i + 1024));
    } finally {
      await handle.close();
    }
    await rename(temp, this.#fileOf(seq));
  }

  async #sameBytes(part: SpoolPut, segmentSeq: number, offset: number): Promise<boolean> {
    try {
      const own = await readFile(this.#fileOf(part.seq));
      const handle = await open(this.#fileOf(segmentSeq), 'r');
      try {
        const range = Buffer.alloc(own.length);
        const { bytesRead } = await handle.read(range, 0, own.length, offset);
        return bytesRead === own.length && range.equals(own);
      } finally {
        await handle.close();
      }
    } catch {
      return false;
    }
  }

  #append(lines: readonly JournalLine[]): Promise<void> {
    this.#lines += lines.length;
    return this.#serial(() => appendFile(this.#journal, lines.map((line) => `${JSON.stringify(line)}\n`).join('')));
  }

  /** Runs journal writes one after another, in call order. */
  #serial(task: () => Promise<void>): Promise<void> {
    const run = this.#tail.then(task);
    this.#tail = run.catch(() => undefined);
    return run;
  }

  async #removeOrphans(): Promise<void> {
    const wanted = new Set<string>();
    for (const entry of this.#entries.values()) {
      if (entry.op !== 'put') continue;
      wanted.add(this.#fileOf(entry.source?.seq ?? entry.seq));
    }
    for (const name of await readdir(this.#objects)) {
      const file = join(this.#objects, name);
      if (!wanted.has(file)) await unlink(file).catch(() => undefined);
    }
  }
}

/** An `S3_SPOOL_FAILED` error for a file-system failure in the spool folder. */
export function spoolError(what: string, cause: unknown, dir: string): OttError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new OttError('S3_SPOOL_FAILED', `${what}: ${reason}. The spool folder must be a writable directory with free space (spool.dir).`, {
    stage: 'storage',
    cause,
    details: { dir },
  });
}
