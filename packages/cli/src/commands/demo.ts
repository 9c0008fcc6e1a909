import { spawn } from 'node:child_process';
import { mkdir, rename, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { locateBinary, OttError } from '@ott/core';
import { outputOptions, parseCommandArgs } from '../args.js';
import { printSummary } from '../report/printSummary.js';
import { runWithReport } from '../report/runWithReport.js';
import { gopFor, vodPipeline } from './vodPipeline.js';
import { commandHelp } from '../help/help.js';


/** `ott demo`: the quick-start job. */
export async function runDemo(argv: readonly string[]): Promise<number> {
  const args = parseCommandArgs('demo', argv);
  if (args.values.help) {
    process.stdout.write(`${commandHelp('demo')}\n`);
    return 0;
  }
  const out = outputOptions('demo', args, 'out/demo');
  const output = resolve(out.output);
  const input = args.positionals[0] ?? (await generateSource(resolve('out/demo-source.mp4'), out.json));
  const summary = await runWithReport(
    vodPipeline(input, { output, segmentDuration: out.segmentDuration, gopSeconds: gopFor(out.segmentDuration), formats: out.formats }),
    out.json,
  );
  if (out.json) process.stdout.write(`${JSON.stringify({ type: 'done', output, ...summary })}\n`);
  else printSummary(output, summary);
  return 0;
}

/** Makes a 10 s 1280x720 30 fps H.264/AAC test source with ffmpeg (kept for later runs). */
async function generateSource(path: string, quiet: boolean): Promise<string> {
  const exists = await stat(path).then((s) => s.size > 0, () => false);
  if (exists) return path;
  if (!quiet) process.stderr.write(`no input given: generating a 10 s 720p test source at ${path}\n`);
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}.mp4`;
  const args = [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30:duration=10',
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=10',
    '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '128k',
    '-movflags', '+faststart', '-shortest', tmp,
  ];
  await new Promise<void>((done, fail) => {
    const child = spawn(locateBinary('ffmpeg'), args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) =>
      code === 0
        ? done()
        : fail(new OttError('FFMPEG_FAILED', `generating the demo source failed: ${stderr.trim().split('\n').pop() ?? `exit ${code}`}`, { stage: 'cli' })),
    );
  });
  await rename(tmp, path);
  return path;
}
