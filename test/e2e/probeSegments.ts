import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { locateBinary } from '@ott/core';

/** The first packet of a CMAF segment as ffprobe (an independent reader) sees it. */
export interface SegmentStart {
  /** Lowest presentation time in the segment, seconds. */
  readonly firstPts: number;
  /** The first packet in decode order is a keyframe. */
  readonly startsWithKeyframe: boolean;
  readonly packets: number;
}

/** Probes `init.mp4` + one `.m4s` of a rendition with ffprobe. */
export async function probeSegment(renditionDir: string, segment: string, scratch: string): Promise<SegmentStart> {
  const joined = join(scratch, `${renditionDir.replace(/\W/g, '_')}-${segment}`);
  await writeFile(joined, Buffer.concat([await readFile(join(renditionDir, 'init.mp4')), await readFile(join(renditionDir, segment))]));
  const csv = await run(locateBinary('ffprobe'), [
    '-v', 'error', '-show_entries', 'packet=pts_time,flags', '-of', 'csv=p=0', joined,
  ]);
  const rows = csv.trim().split('\n').filter(Boolean).map((line) => {
    const [pts = 'NaN', flags = ''] = line.split(',');
    return { pts: Number(pts), key: flags.includes('K') };
  });
  return {
    firstPts: Math.min(...rows.map((r) => r.pts)),
    startsWithKeyframe: rows[0]?.key === true,
    packets: rows.length,
  };
}

function run(cmd: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} exited ${code}: ${err}`))));
  });
}
