import { describe, expect, it } from 'vitest';
import { runFfmpeg } from './runFfmpeg.js';

// runFfmpeg only handles a process; a shell stands in for ffmpeg where its behaviour is the point.
describe('runFfmpeg', () => {
  it('hands out one readable per output fd and keeps the stderr tail', async () => {
    const script = 'printf one >&3; printf two >&4; printf "progress=end\\n"; for i in 1 2 3; do echo "line $i" >&2; done; exit 3';
    const proc = runFfmpeg(['-c', script], { ffmpegPath: '/bin/sh', outputCount: 2, stderrLines: 2 });
    const read = (i: number): Promise<string> =>
      new Promise((resolve) => {
        let text = '';
        proc.outputs[i]?.setEncoding('utf8').on('data', (t: string) => (text += t)).on('end', () => resolve(text));
      });
    const [one, two] = await Promise.all([read(0), read(1)]);
    proc.progress.resume();
    const exit = await proc.exited;
    expect([one, two]).toEqual(['one', 'two']);
    expect(exit).toMatchObject({ code: 3, killed: false });
    expect(proc.stderrTail()).toEqual(['line 2', 'line 3']);
  });

  it('escalates to SIGKILL when the process ignores SIGTERM', async () => {
    const proc = runFfmpeg(['-c', 'trap "" TERM; echo ready; while :; do :; done'], { ffmpegPath: '/bin/sh', outputCount: 0, killGraceMs: 100 });
    await new Promise((resolve) => proc.progress.once('data', resolve));
    proc.kill();
    expect(await proc.exited).toMatchObject({ signal: 'SIGKILL', killed: true });
  });

  it('reports a binary that cannot be started instead of throwing', async () => {
    const exit = await runFfmpeg([], { ffmpegPath: '/nonexistent/ffmpeg', outputCount: 1 }).exited;
    expect(exit.spawnError).toBeInstanceOf(Error);
  });
});
