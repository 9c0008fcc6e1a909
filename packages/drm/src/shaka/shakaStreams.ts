import { execFile } from 'node:child_process';
import { drmError } from '../keys/drmError.js';

/** One elementary stream of an input, as Shaka Packager selects it (`stream=<index>`). */
export interface ShakaStream {
  readonly input: string;
  readonly index: number;
  readonly kind: 'video' | 'audio';
  /** `video_<height>p` or `audio_<codec>` (unique), as `ott package` names renditions. */
  readonly renditionId: string;
  readonly durationSeconds: number;
}

interface ProbeStream { readonly index: number; readonly codec_type?: string; readonly codec_name?: string; readonly height?: number; readonly duration?: string }

/** Lists the video and audio streams of the inputs with ffprobe and names their renditions like `ott package`. */
export async function shakaStreams(inputs: readonly string[], ffprobe: string): Promise<ShakaStream[]> {
  const taken = new Set<string>();
  const out: ShakaStream[] = [];
  for (const input of inputs) {
    const json = await new Promise<string>((resolve, reject) => {
      execFile(ffprobe, ['-v', 'error', '-show_entries', 'stream=index,codec_type,codec_name,height,duration', '-of', 'json', input], (error, stdout) => {
        if (error) reject(drmError('DRM_UNSUPPORTED', `ffprobe could not read ${input}: ${error.message.split('\n').pop() ?? ''}. Expected an MP4 file.`));
        else resolve(stdout);
      });
    });
    const streams = (JSON.parse(json) as { streams?: ProbeStream[] }).streams ?? [];
    for (const s of streams) {
      if (s.codec_type !== 'video' && s.codec_type !== 'audio') continue;
      const base = s.codec_type === 'video' ? `video_${s.height ?? s.index}p` : `audio_${s.codec_name === 'aac' ? 'aac' : (s.codec_name ?? 'x').replace(/[^a-z0-9]/gi, '')}`;
      let id = base;
      for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
      taken.add(id);
      out.push({ input, index: s.index, kind: s.codec_type, renditionId: id, durationSeconds: Number(s.duration ?? 0) || 0 });
    }
  }
  if (out.length === 0) throw drmError('DRM_UNSUPPORTED', `No video or audio stream in ${inputs.join(', ')}; expected MP4 files with H.264/H.265 video or AAC audio.`);
  return out;
}
