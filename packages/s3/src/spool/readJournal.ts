import { readFile } from 'node:fs/promises';
import type { JournalLine, SpoolEntry, SpoolPut } from './SpoolEntry.js';

/** What a journal says is still to do. */
export interface JournalState {
  /** Pending entries by `seq`. */
  readonly entries: Map<number, SpoolEntry>;
  /** Highest `seq` the journal ever named (new items continue after it). */
  readonly lastSeq: number;
  /** Journal lines read (to decide when to compact). */
  readonly lines: number;
}

/**
 * Replays a spool journal (one JSON object per line, appended in order). A last line cut short by a crash is
 * ignored: the entry it was writing had not been acknowledged, and its object file is an orphan the spool removes.
 */
export async function readJournal(file: string): Promise<JournalState> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: new Map(), lastSeq: 0, lines: 0 };
    throw error;
  }
  const entries = new Map<number, SpoolEntry>();
  let lastSeq = 0;
  const rows = text.split('\n').filter((row) => row.trim() !== '');
  rows.forEach((row, index) => {
    let line: JournalLine;
    try {
      line = JSON.parse(row) as JournalLine;
    } catch (error) {
      if (index === rows.length - 1) return; // torn final append
      throw new Error(`line ${index + 1} is not JSON`, { cause: error });
    }
    if (line.op === 'done') {
      for (const seq of line.seqs) entries.delete(seq);
    } else if (line.op === 'slice') {
      const part = entries.get(line.seq);
      if (part?.op === 'put') entries.set(line.seq, { ...part, source: { seq: line.from, offset: line.offset } } satisfies SpoolPut);
    } else {
      entries.set(line.seq, line);
      lastSeq = Math.max(lastSeq, line.seq);
    }
  });
  return { entries, lastSeq, lines: rows.length };
}
