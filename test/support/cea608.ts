// A test-media writer for CEA-608 closed captions (ATSC A/53 "GA94" cc_data in H.264 SEI), for sources whose
// captions the pipeline must keep. ffmpeg can read such captions but cannot write them from text, so the tests make
// their own: ffmpeg encodes a picture (Annex B, access unit delimiters, no B-frames: decode order is display order),
// this file adds one SEI with one 608 byte pair before the first slice of every access unit, and ffmpeg muxes the
// result with -c copy. The caption is a pop-on caption on CC1 (field 1, channel 1).
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A byte with odd parity in bit 7, as 608 requires of every byte. */
function odd(byte: number): number {
  let ones = 0;
  for (let b = byte & 0x7f; b > 0; b >>= 1) ones += b & 1;
  return ones % 2 === 1 ? byte & 0x7f : (byte & 0x7f) | 0x80;
}

/** The 608 byte pairs of a pop-on caption showing `text` (sent once; control codes doubled as broadcasters do). */
export function popOnCaption(text: string): [number, number][] {
  const control = (a: number, b: number): [number, number][] => [[odd(a), odd(b)], [odd(a), odd(b)]];
  const chars: [number, number][] = [];
  for (let i = 0; i < text.length; i += 2) chars.push([odd(text.charCodeAt(i)), i + 1 < text.length ? odd(text.charCodeAt(i + 1)) : 0x80]);
  // RCL (resume caption loading), PAC row 15 column 0, the text, EOC (end of caption: show it), then ~1 s later EDM
  // (erase displayed memory: the caption's end, which decoders need to close the cue).
  const hold: [number, number][] = Array.from({ length: 25 }, () => [0x80, 0x80]);
  return [...control(0x14, 0x20), ...control(0x14, 0x70), ...chars, ...control(0x14, 0x2f), ...hold, ...control(0x14, 0x2c)];
}

/** Inserts 0x03 after every 00 00 followed by a byte <= 3 (H.264 emulation prevention). */
function escape(rbsp: readonly number[]): number[] {
  const out: number[] = [];
  let zeros = 0;
  for (const byte of rbsp) {
    if (zeros >= 2 && byte <= 3) {
      out.push(3);
      zeros = 0;
    }
    out.push(byte);
    zeros = byte === 0 ? zeros + 1 : 0;
  }
  return out;
}

/** An SEI NAL unit (with start code) carrying one 608 byte pair for field 1. */
function ccSei(pair: readonly [number, number]): number[] {
  const payload = [0xb5, 0x00, 0x31, 0x47, 0x41, 0x39, 0x34, 0x03, 0x40 | 1, 0xff, 0xfc, pair[0], pair[1], 0xff];
  return [0, 0, 0, 1, 0x06, ...escape([0x04, payload.length, ...payload, 0x80])];
}

/** Start offsets of the NAL units of an Annex B stream (after their start codes) and their types. */
function nalUnits(bytes: Uint8Array): { start: number; header: number; type: number }[] {
  const out: { start: number; header: number; type: number }[] = [];
  for (let i = 0; i + 3 < bytes.length; i++) {
    if (bytes[i] === 0 && bytes[i + 1] === 0 && (bytes[i + 2] === 1 || (bytes[i + 2] === 0 && bytes[i + 3] === 1))) {
      const header = bytes[i + 2] === 1 ? i : i;
      const start = bytes[i + 2] === 1 ? i + 3 : i + 4;
      out.push({ start, header, type: (bytes[start] ?? 0) & 0x1f });
      i = start;
    }
  }
  return out;
}

/**
 * Writes `out` (MP4, with a sine tone): `seconds` of a 320×180 25 fps H.264 picture whose every frame carries 608
 * cc_data on CC1: from `startFrame` on, the caption `text` pops on, stays ~1 s, is erased, and comes back (a cycle of
 * ~2 s).
 */
export async function writeCaptionedSource(out: string, text: string, seconds = 6, startFrame = 0): Promise<void> {
  const raw = `${out}.h264`;
  await run('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=320x180:rate=25`, '-t', String(seconds), '-c:v', 'libx264', '-preset', 'ultrafast', '-bf', '0', '-g', '50', '-x264-params', 'aud=1', '-f', 'h264', raw]);
  const bytes = new Uint8Array(await readFile(raw));
  const pairs = popOnCaption(text);
  const units = nalUnits(bytes);
  const chunks: Uint8Array[] = [];
  let frame = 0;
  let copied = 0;
  for (const [i, unit] of units.entries()) {
    const firstSlice = (unit.type === 1 || unit.type === 5) && !(units[i - 1]?.type === 1 || units[i - 1]?.type === 5);
    if (!firstSlice) continue;
    chunks.push(bytes.subarray(copied, unit.header));
    copied = unit.header;
    // One pair per frame: nulls until startFrame, then the caption over and over (every segment carries one whole).
    const index = (frame - startFrame) % (pairs.length + 10);
    chunks.push(Uint8Array.from(ccSei(frame >= startFrame && index < pairs.length ? (pairs[index] as [number, number]) : [0x80, 0x80])));
    frame += 1;
  }
  chunks.push(bytes.subarray(copied));
  await writeFile(raw, Buffer.concat(chunks));
  await run('ffmpeg', ['-v', 'error', '-y', '-r', '25', '-i', raw, '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', String(seconds), '-c:v', 'copy', '-c:a', 'aac', '-shortest', out]);
}
