/** One `-progress` block of ffmpeg (written every `-stats_period`, 0.5 s by default). */
export interface ProgressBlock {
  /** Output time reached, in seconds. */
  readonly outTimeSeconds?: number;
  readonly frame?: number;
  readonly fps?: number;
  /** Multiple of real time (`speed=1.5x`). */
  readonly speed?: number;
  /** `progress=end`: the last block. */
  readonly end: boolean;
}

/**
 * Incremental parser of ffmpeg's `-progress` output (`key=value` lines, each block closed by `progress=continue` or
 * `progress=end`). Feed it text as it arrives; it returns the blocks completed by that text.
 */
export function createProgressParser(): (text: string) => ProgressBlock[] {
  let partial = '';
  let current = new Map<string, string>();
  return (text) => {
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    if (partial.length > 4096) partial = ''; // not ffmpeg progress output: never grow without bound
    const blocks: ProgressBlock[] = [];
    for (const line of lines) {
      const at = line.indexOf('=');
      if (at < 0) continue;
      const key = line.slice(0, at).trim();
      const value = line.slice(at + 1).trim();
      if (key !== 'progress') {
        current.set(key, value);
        continue;
      }
      blocks.push(toBlock(current, value === 'end'));
      current = new Map();
    }
    return blocks;
  };
}

function toBlock(fields: ReadonlyMap<string, string>, end: boolean): ProgressBlock {
  // out_time_us is the reliable one (out_time_ms is also microseconds, a historical ffmpeg bug).
  const outTimeUs = numberOf(fields.get('out_time_us'));
  const frame = numberOf(fields.get('frame'));
  const fps = numberOf(fields.get('fps'));
  const speed = numberOf(fields.get('speed')?.replace(/x$/, ''));
  return {
    end,
    ...(outTimeUs !== undefined && outTimeUs >= 0 ? { outTimeSeconds: outTimeUs / 1e6 } : {}),
    ...(frame !== undefined ? { frame } : {}),
    ...(fps !== undefined ? { fps } : {}),
    ...(speed !== undefined ? { speed } : {}),
  };
}

function numberOf(value: string | undefined): number | undefined {
  if (value === undefined || value === '' || value === 'N/A') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}
