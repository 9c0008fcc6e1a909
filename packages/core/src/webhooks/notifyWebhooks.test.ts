import { firstValueFrom, from, Subject, throwError, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { SegmentEvent, WarningEvent } from '../events/events.js';
import { notifyWebhooks } from './notifyWebhooks.js';
import type { SegmentHook, StreamEndHook, WebhookDelivery, Webhooks } from './webhookTypes.js';

type Calls = { segments: SegmentHook[]; ends: StreamEndHook[]; recordings: string[] };

/** A webhooks client that records calls; `delivery` decides how each notification ends. */
function fakeHooks(delivery: () => Promise<WebhookDelivery> = () => Promise.resolve({ delivered: true, attempts: 1 })): { hooks: Pick<Webhooks, 'onSegment' | 'onStreamEnd' | 'onRecordingReady'>; calls: Calls } {
  const calls: Calls = { segments: [], ends: [], recordings: [] };
  return {
    calls,
    hooks: {
      onSegment: (payload) => (calls.segments.push(payload), delivery()),
      onStreamEnd: (payload) => (calls.ends.push(payload), delivery()),
      onRecordingReady: (payload) => (calls.recordings.push(payload.path), delivery()),
    },
  };
}

const segment = (number: number): SegmentEvent => ({ type: 'segment', renditionId: 'video', number, path: `video/seg-0000${number}.m4s`, durationSeconds: 2, bytes: 100 });

describe('notifyWebhooks', () => {
  it('passes every item through and notifies each segment event, then the end of the stream and the recording', async () => {
    const { hooks, calls } = fakeHooks();
    const items = [segment(1), { type: 'manifest', format: 'hls', role: 'media', path: 'video/playlist.m3u8' } as const, segment(2)];
    const out = await firstValueFrom(from(items).pipe(notifyWebhooks(hooks, { streamKey: 'news', recordingPath: 'out/news' }), toArray()));
    expect(out).toEqual(items);
    expect(calls.segments.map((s) => [s.streamKey, s.number, s.path])).toEqual([['news', 1, 'video/seg-00001.m4s'], ['news', 2, 'video/seg-00002.m4s']]);
    expect(calls.ends).toEqual([{ streamKey: 'news', reason: 'complete' }]);
    expect(calls.recordings).toEqual(['out/news']);
  });

  it('sends stream-end with the error when the pipeline fails, and passes the error on', async () => {
    const { hooks, calls } = fakeHooks();
    const failed = firstValueFrom(throwError(() => new Error('ffmpeg died')).pipe(notifyWebhooks(hooks, { streamKey: 'news' })));
    await expect(failed).rejects.toThrow('ffmpeg died');
    expect(calls.ends).toEqual([{ streamKey: 'news', reason: 'error', error: 'ffmpeg died' }]);
  });

  it('never waits for a delivery, and reports a segment notification given up as a warning in the stream', async () => {
    let giveUp: (delivery: WebhookDelivery) => void = () => undefined;
    const { hooks } = fakeHooks(() => new Promise((resolve) => (giveUp = resolve)));
    const source = new Subject<SegmentEvent>();
    const seen: (SegmentEvent | WarningEvent)[] = [];
    source.pipe(notifyWebhooks(hooks, { streamKey: 'news' })).subscribe((item) => seen.push(item));
    source.next(segment(1));
    expect(seen).toEqual([segment(1)]); // passed on before the webhook answered
    giveUp({ delivered: false, attempts: 4, reason: 'answered 503' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen[1]).toMatchObject({ type: 'warning', code: 'WEBHOOK_FAILED' });
    expect((seen[1] as WarningEvent).message).toContain('answered 503');
    source.complete();
  });
});
