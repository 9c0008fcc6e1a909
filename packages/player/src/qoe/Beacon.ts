/** Why a beacon was sent: the periodic timer, `destroy()`, or the page going away (`pagehide`). */
export type BeaconReason = 'interval' | 'destroy' | 'pagehide';

/**
 * Sends QoE snapshots as JSON (`{ reason, ...payload }`) to a URL with `navigator.sendBeacon`, which survives the
 * page being closed: every `intervalMs`, on `pagehide` and when {@link Beacon.stop} is given a final reason. The body
 * is a string, so it goes out as `text/plain` (a CORS-safelisted type: no preflight to another origin).
 */
export class Beacon {
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly onPageHide = (): void => this.send('pagehide');

  /** `payload` gives the fields to send, or undefined when there is nothing to report (no presentation loaded). */
  constructor(private readonly url: string, intervalMs: number, private readonly payload: () => Record<string, unknown> | undefined) {
    this.timer = setInterval(() => this.send('interval'), intervalMs);
    globalThis.addEventListener?.('pagehide', this.onPageHide);
  }

  send(reason: BeaconReason): void {
    const body = this.payload();
    if (body && typeof navigator !== 'undefined' && typeof navigator.sendBeacon === 'function') navigator.sendBeacon(this.url, JSON.stringify({ reason, ...body }));
  }

  /** Sends a last beacon (`destroy`) and stops the timer and the `pagehide` listener. */
  stop(): void {
    this.send('destroy');
    clearInterval(this.timer);
    globalThis.removeEventListener?.('pagehide', this.onPageHide);
  }
}
