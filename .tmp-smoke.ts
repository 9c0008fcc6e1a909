import { fromFile } from '@ott/ingest';
import { transcodeLadder, parseLadderSpec } from '@ott/transcode';
const t = Date.now();
fromFile('/tmp/pr/src.mp4').pipe(transcodeLadder(parseLadderSpec('360p@800k,240p@400k,audio@128k'), { preset: 'ultrafast', onSpawn: (i) => console.log('pid', i.pid, i.args.join(' ')) })).subscribe({
  next: (item) => {
    if (item.type === 'cmaf-init') console.log('init', item.renditionId, JSON.stringify(item.track));
    else if (item.type === 'cmaf-fragment') console.log('frag', item.renditionId, item.baseMediaDecodeTime, item.samples.length, item.samples[0]?.isSync, item.data.length);
    else console.log(item.type, JSON.stringify(item));
  },
  error: (e) => console.log('ERROR', e),
  complete: () => console.log('done', Date.now() - t),
});
