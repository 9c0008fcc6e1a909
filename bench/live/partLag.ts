// How late a part is listed: poll a live LL-HLS media playlist and, each time a new part appears, compare the end of
// its media (the first EXT-X-PROGRAM-DATE-TIME + every EXTINF and later part duration) with the wall clock. Shows what
// ingest + transcode + fragmenting + packaging add, without any player in the way.
// Usage (after `npm run build`): npx tsx bench/live/partLag.ts [--seconds 20] [--part 0.5]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startLiveCli, startPublisher } from '../../test/e2e/liveCli.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '20' }, part: { type: 'string', default: '0.5' } } });
const out = await mkdtemp(join(tmpdir(), 'ott-bench-partlag-'));
const live = await startLiveCli(['--rtmp', '0', '-o', out, '--ll', '--part-duration', values.part ?? '0.5', '--ladder', '720p@2500k,360p@800k,audio@96k', '--preset', 'superfast']);
const publisher = startPublisher('flv', `${live.endpoint}/lag`, 120, ['-s', '1280x720', '-r', '30', '-g', '60']);
try {
  await live.waitForEvent((e) => e['type'] === 'manifest' && e['path'] === 'master.m3u8');
  const url = `${live.origin}lag/video_360p/playlist.m3u8`;
  const lags: number[] = [];
  let last = '';
  const end = Date.now() + Number(values.seconds) * 1000;
  while (Date.now() < end) {
    const text = await (await fetch(url)).text();
    const pdt = Date.parse(/#EXT-X-PROGRAM-DATE-TIME:(\S+)/.exec(text)?.[1] ?? '');
    let complete = 0;
    let pending = 0;
    let newest = '';
    for (const line of text.split('\n')) {
      const part = /#EXT-X-PART:DURATION=([\d.]+),URI="([^"]+)"/.exec(line);
      if (part) {
        pending += Number(part[1]);
        newest = part[2] ?? '';
      }
      const inf = /#EXTINF:([\d.]+)/.exec(line);
      if (inf) {
        complete += Number(inf[1]);
        pending = 0;
      }
    }
    if (newest !== last && Number.isFinite(pdt)) {
      lags.push((Date.now() - (pdt + (complete + pending) * 1000)) / 1000);
      last = newest;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  lags.sort((a, b) => a - b);
  const at = (q: number): string => (lags[Math.min(lags.length - 1, Math.floor(q * lags.length))] ?? Number.NaN).toFixed(3);
  console.log(JSON.stringify({ part: Number(values.part), newParts: lags.length, lagMedian: Number(at(0.5)), lagP95: Number(at(0.95)) }));
} finally {
  await publisher.stop('SIGKILL');
  await live.stop();
  await rm(out, { recursive: true, force: true });
}
