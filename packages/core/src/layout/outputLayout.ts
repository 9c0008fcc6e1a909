/**
 * The `@ott` output layout — the one definition every package uses (packager, origin, s3, the farm, the Shaka
 * backend): one folder per rendition holding `init.mp4`, segments `seg-00001.m4s` (1-based, 5 digits, more digits
 * past 99,999) and, live with low latency, their parts `seg-00001.p0.m4s` (0-based); playlists and the MPD beside.
 *
 * ```
 * out/master.m3u8  out/manifest.mpd
 * out/video_720p/init.mp4  out/video_720p/playlist.m3u8  out/video_720p/seg-00001.m4s  out/video_720p/seg-00001.p0.m4s
 * ```
 */

/** Init segment file name of a rendition. */
export const INIT_FILE = 'init.mp4';
/** HLS multivariant playlist at the output root. */
export const MASTER_PLAYLIST = 'master.m3u8';
/** HLS media playlist in each rendition folder. */
export const MEDIA_PLAYLIST = 'playlist.m3u8';
/** DASH MPD at the output root. */
export const DASH_MANIFEST = 'manifest.mpd';
/** HLS AES-128: the key file beside each media playlist, where `EXT-X-KEY`'s default relative URI points. */
export const AES128_KEY_FILE = 'key.bin';
/** The segment name as a Shaka Packager / DASH `$Number$` template (same names as {@link segmentFileName}). */
export const SEGMENT_NUMBER_TEMPLATE = 'seg-$Number%05d$.m4s';

const SEGMENT = /^seg-(\d{5,9})\.m4s$/;
const PART = /^seg-(\d{5,9})\.p(\d{1,9})\.m4s$/;

/** `seg-00005.m4s`. */
export function segmentFileName(number: number): string {
  return `seg-${String(number).padStart(5, '0')}.m4s`;
}

/** `seg-00005.p0.m4s`: part `index` (0-based) of segment `number`. */
export function partFileName(segmentNumber: number, index: number): string {
  return `seg-${String(segmentNumber).padStart(5, '0')}.p${index}.m4s`;
}

/** `<renditionId>/init.mp4`. */
export function initPath(renditionId: string): string {
  return `${renditionId}/${INIT_FILE}`;
}

/** `<renditionId>/init-2.mp4`: the init segment of a later live session whose decoder set-up differs. */
export function sessionInitPath(renditionId: string, version: number): string {
  return `${renditionId}/init-${version}.mp4`;
}

/** `<renditionId>/seg-00005.m4s`. */
export function segmentPath(renditionId: string, number: number): string {
  return `${renditionId}/${segmentFileName(number)}`;
}

/** `<renditionId>/seg-00005.p0.m4s`. */
export function partPath(renditionId: string, segmentNumber: number, index: number): string {
  return `${renditionId}/${partFileName(segmentNumber, index)}`;
}

/** What a media file name of the layout is. */
export type LayoutMediaName =
  | { readonly kind: 'segment'; readonly number: number }
  | { readonly kind: 'part'; readonly number: number; readonly index: number };

/** Reads a file name (no folder) as a segment or part of the layout; `undefined` for any other name. */
export function parseMediaFileName(fileName: string): LayoutMediaName | undefined {
  const part = PART.exec(fileName);
  if (part) return { kind: 'part', number: Number(part[1]), index: Number(part[2]) };
  const segment = SEGMENT.exec(fileName);
  return segment ? { kind: 'segment', number: Number(segment[1]) } : undefined;
}

/**
 * Whether `path` may name a file inside an output folder or under an object-store prefix: relative, POSIX
 * separators, no `..`, `.` or empty segments, no NUL or backslash, no drive letter. The one check behind every
 * sink (folder, S3, the farm's shared storage): whatever an item says, nothing is written outside its root.
 */
export function isSafeRelativePath(path: string): boolean {
  if (path.length === 0 || path.startsWith('/') || /^[a-zA-Z]:/.test(path) || /[\\\0]/.test(path)) return false;
  return !path.split('/').some((segment) => segment === '' || segment === '.' || segment === '..');
}

/** Where a rendition's AES-128 key file goes: beside its media playlist, i.e. in the folder of its init segment. */
export function aes128KeyPath(initSegmentPath: string): string {
  const slash = initSegmentPath.lastIndexOf('/');
  return slash < 0 ? AES128_KEY_FILE : `${initSegmentPath.slice(0, slash)}/${AES128_KEY_FILE}`;
}
