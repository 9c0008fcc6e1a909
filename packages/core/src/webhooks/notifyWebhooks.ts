import { Observable, type OperatorFunction } from 'rxjs';
import type { SegmentEvent, WarningEvent } from '../events/events.js';
import type { WebhookDelivery, Webhooks } from './webhookTypes.js';

/** Options of {@link notifyWebhooks}. */
export interface NotifyWebhooksOptions {
  /** The stream the items belong to (sent as `streamKey`). */
  readonly streamKey: string;
  /** When given, completion also sends `onRecordingReady` with this path (the folder that now holds the recording). */
  readonly recordingPath?: string;
}

function isSegmentEvent(item: { readonly type: string }): item is SegmentEvent {
  return item.type === 'segment' && 'renditionId' in item && 'number' in item;
}

/**
 * Taps a pipeline for webhooks, never holding it up: each `segment` event (a segment is durable) sends `onSegment`,
 * completion sends `onStreamEnd` (`reason: 'complete'`, then `onRecordingReady` with `recordingPath`), an error sends
 * `onStreamEnd` (`reason: 'error'`) before the error goes on. Items pass through unchanged and at once; deliveries
 * are retried by the client in the background. A segment notification given up while the pipeline still runs is
 * also reported in the stream as a `warning` (`WEBHOOK_FAILED`); the client's `onWarning` sees every failure.
 * Unsubscribing sends nothing.
 *
 * @example
 * ```ts
 * declare const live: LiveStream, ladder: Ladder, dir: string, hooks: Webhooks;
 * live.items.pipe(transcodeLive(ladder), packageLive(), toFolder(dir), notifyWebhooks(hooks, { streamKey: 'news' }));
 * ```
 */
export function notifyWebhooks<T extends { readonly type: string }>(
  webhooks: Pick<Webhooks, 'onSegment' | 'onStreamEnd' | 'onRecordingReady'>,
  options: NotifyWebhooksOptions,
): OperatorFunction<T, T | WarningEvent> {
  const { streamKey } = options;
  return (source) =>
    new Observable<T | WarningEvent>((subscriber) => {
      let open = true;
      const report = (what: string) => (delivery: WebhookDelivery): void => {
        if (!open || delivery.delivered || delivery.attempts === 0) return;
        subscriber.next({ type: 'warning', stage: 'core', code: 'WEBHOOK_FAILED', message: `${what} webhook not delivered after ${delivery.attempts} attempt(s): ${delivery.reason ?? 'unknown'}` });
      };
      const subscription = source.subscribe({
        next: (item) => {
          subscriber.next(item);
          if (!isSegmentEvent(item)) return;
          const { renditionId, number, path, durationSeconds, bytes } = item;
          void webhooks.onSegment({ streamKey, renditionId, number, path, durationSeconds, bytes }).then(report(`segment ${path}`));
        },
        error: (error: unknown) => {
          open = false;
          void webhooks.onStreamEnd({ streamKey, reason: 'error', error: error instanceof Error ? error.message : String(error) });
          subscriber.error(error);
        },
        complete: () => {
          open = false;
          void webhooks.onStreamEnd({ streamKey, reason: 'complete' });
          if (options.recordingPath !== undefined) void webhooks.onRecordingReady({ streamKey, path: options.recordingPath });
          subscriber.complete();
        },
      });
      return () => {
        open = false;
        subscription.unsubscribe();
      };
    });
}
