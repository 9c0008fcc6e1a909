import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** A stream found in an origin's folder, as the watch page lists it. */
export interface FoundStream {
  /** URL path relative to the origin root, e.g. `cam1/master.m3u8`. */
  readonly path: string;
  readonly format: 'hls' | 'dash';
  /** A live stream (HLS media playlist without `EXT-X-ENDLIST`, DASH `type="dynamic"`) rather than VOD. */
  readonly live: boolean;
}

/** Limits of {@link listStreams}: the scan is bounded whatever the folder holds. */
export interface ListStreamsLimits {
  /** Deepest folder searched below the root (default 3). */
  readonly maxDepth?: number;
  /** Most folders read (default 500). */
  readonly maxFolders?: number;
  /** Most streams listed (default 100). */
  readonly maxStreams?: number;
}

const MANIFESTS: Readonly<Record<string, FoundStream['format']>> = { 'master.m3u8': 'hls', 'manifest.mpd': 'dash' };
/** Bytes read at each end of a manifest to tell live from VOD (the MPD's root element; a playlist's ENDLIST). */
const PEEK_BYTES = 16 * 1024;

/**
 * Finds the streams under an output folder: every `master.m3u8` and `manifest.mpd` (the names `toFolder` writes), by
 * a breadth-first walk that skips dot folders and symbolic links and stops at the limits. Folders are read in name
 * order, so the list is stable.
 */
export async function listStreams(root: string, limits: ListStreamsLimits = {}): Promise<FoundStream[]> {
  const maxDepth = limits.maxDepth ?? 3;
  const maxFolders = limits.maxFolders ?? 500;
  const maxStreams = limits.maxStreams ?? 100;
  const found: FoundStream[] = [];
  let queue: string[] = [''];
  let foldersRead = 0;
  for (let depth = 0; depth <= maxDepth && queue.length > 0; depth++) {
    const next: string[] = [];
    for (const folder of queue) {
      if (foldersRead++ >= maxFolders || found.length >= maxStreams) return found;
      const entries = await readdir(join(root, folder), { withFileTypes: true }).catch(() => []);
      // Name order, but a folder's HLS before its DASH: the watch page plays the first stream.
      const rank = (name: string): string => (name === 'master.m3u8' ? '\u0000' : name === 'manifest.mpd' ? '\u0001' : name);
      entries.sort((a, b) => (rank(a.name) < rank(b.name) ? -1 : rank(a.name) > rank(b.name) ? 1 : 0));
      for (const entry of entries) {
        if (entry.name.startsWith('.')) continue;
        const path = folder === '' ? entry.name : `${folder}/${entry.name}`;
        const format = MANIFESTS[entry.name];
        if (entry.isFile() && format !== undefined && found.length < maxStreams) {
          found.push({ path, format, live: await isLive(root, path, format) });
        } else if (entry.isDirectory()) {
          next.push(path);
        }
      }
    }
    queue = next;
  }
  return found;
}

async function isLive(root: string, path: string, format: FoundStream['format']): Promise<boolean> {
  const head = await peek(join(root, path));
  if (format === 'dash') return /<MPD[^>]*\btype\s*=\s*["']dynamic["']/.test(head);
  if (head.includes('#EXT-X-ENDLIST')) return false;
  if (!head.includes('#EXT-X-STREAM-INF')) return !head.includes('#EXT-X-PLAYLIST-TYPE:VOD');
  // A master playlist: live or not is said by its first media playlist.
  const lines = head.split(/\r?\n/);
  const variant = lines.findIndex((line) => line.startsWith('#EXT-X-STREAM-INF'));
  const uri = lines.slice(variant + 1).find((line) => line.trim() !== '' && !line.startsWith('#'))?.trim();
  if (uri === undefined || uri.includes('..') || uri.includes('://') || uri.startsWith('/')) return false;
  const folder = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  const media = await peek(join(root, folder, uri.split('?', 1)[0] ?? ''));
  return media !== '' && !media.includes('#EXT-X-ENDLIST') && !media.includes('#EXT-X-PLAYLIST-TYPE:VOD');
}

/** The first and last {@link PEEK_BYTES} of a file (all of a small one), as text; '' when it cannot be read. */
async function peek(file: string): Promise<string> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (handle === undefined) return '';
  try {
    const size = (await handle.stat()).size;
    if (size <= 2 * PEEK_BYTES) {
      const whole = Buffer.alloc(size);
      await handle.read(whole, 0, size, 0);
      return whole.toString('utf8');
    }
    const head = Buffer.alloc(PEEK_BYTES);
    await handle.read(head, 0, PEEK_BYTES, 0);
    const tail = Buffer.alloc(PEEK_BYTES);
    await handle.read(tail, 0, PEEK_BYTES, size - PEEK_BYTES);
    return `${head.toString('utf8')}\n${tail.toString('utf8')}`;
  } finally {
    await handle.close().catch(() => undefined);
  }
}
