import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SegmentFeed } from './SegmentFeed.js';

/**
 * How following an in-progress segment ended: `complete` (nothing sent yet and the whole file exists: serve it as a
 * file), `missing` (no part within the wait: 404), `closed` (origin closing before the first byte: 503), `sent` (the
 * response was ended), `gone` (the client left).
 */
export type FollowOutcome = 'complete' | 'missing' | 'closed' | 'sent' | 'gone';

/** Options of {@link followSegmentFeed}. */
export interface FollowOptions {
  /** Headers of the 200 response (no `Content-Length`: Node sends it with `Transfer-Encoding: chunked`). */
  readonly headers: Readonly<Record<string, string>>;
  /** How long to wait for the first part (or the whole segment) before `missing`, in ms. */
  readonly firstByteWaitMs: number;
  /** Called when the response is ended early (hold time over, or the segment file contradicts its parts). */
  readonly onGiveUp: (reason: 'hold-time' | 'mismatch', bytesSent: number) => void;
}

/**
 * Streams a segment that is still being built to one client, as LL-DASH expects (an MPD `availabilityTimeOffset`
 * lets players ask for a segment before it is complete; DASH-IF low-latency guidelines): 200 without a length, each
 * part written as it is published (one HTTP chunk per CMAF chunk), then the bytes of the complete segment beyond the
 * parts, and the end of the body. Writes wait for `drain`, so a slow client never makes the origin buffer more than the shared parts.
 * A HEAD request gets the headers as soon as the first part exists. After the feed's hold time the response is ended
 * where it is: what was sent is a valid prefix of the segment (whole CMAF chunks).
 */
export function followSegmentFeed(feed: SegmentFeed, req: IncomingMessage, res: ServerResponse, options: FollowOptions): Promise<FollowOutcome> {
  return new Promise((resolve) => {
    let streaming = false;
    let draining = false;
    let done = false;
    let next = 0;
    let sent = 0;
    let holdTimer: NodeJS.Timeout | undefined;

    const finish = (outcome: FollowOutcome): void => {
      if (done) return;
      done = true;
      clearTimeout(firstTimer);
      clearTimeout(holdTimer);
      unsubscribe();
      res.off('close', onClose);
      res.off('drain', onDrain);
      resolve(outcome);
    };
    const end = (chunk?: Buffer): void => {
      res.end(chunk);
      finish('sent');
    };
    const giveUp = (reason: 'hold-time' | 'mismatch'): void => {
      options.onGiveUp(reason, sent);
      end();
    };
    const onClose = (): void => finish('gone');
    const onDrain = (): void => {
      draining = false;
      update();
    };

    function update(): void {
      if (done || draining) return;
      if (!streaming) {
        if (feed.closed) return finish('closed');
        if (feed.state !== 'building') return finish('complete'); // the whole file is there: serve it with its length
        if (feed.parts.length === 0) return;
        res.writeHead(200, options.headers);
        streaming = true;
        if (req.method === 'HEAD') return end();
      }
      const parts = feed.parts;
      while (next < parts.length) {
        const chunk = parts[next++] as Buffer;
        sent += chunk.length;
        if (!res.write(chunk)) {
          draining = true;
          res.once('drain', onDrain);
          return;
        }
      }
      if (feed.state === 'complete') return end(feed.tail);
      if (feed.state === 'failed') return giveUp('mismatch');
      if (feed.closed) return end();
    }

    const firstTimer = setTimeout(() => {
      if (!streaming) finish('missing');
    }, options.firstByteWaitMs);
    const unsubscribe = feed.subscribe(update);
    res.once('close', onClose);
    void feed.holdMs().then((holdMs) => {
      if (done) return;
      holdTimer = setTimeout(() => (streaming ? giveUp('hold-time') : finish('missing')), holdMs);
    });
    update();
    void feed.check(); // parts may have appeared before the watch started
  });
}
