/**
 * Lets one media download of a session use the network at a time: the audio and video loops take turns, first come
 * first served. Downloads that overlap split the link between them, so each would measure only its share of the
 * throughput (a video segment fetched beside an audio segment measures about half the link while they overlap, and
 * the estimate then never reaches the link's real rate), and at startup the first video segment would arrive later
 * because audio segments took part of the link. Taking turns costs no throughput: the bytes share one link anyway.
 *
 * Used for whole segments only; low-latency parts and segments still being produced (held open by the server for
 * seconds) must not block the other track.
 */
export class DownloadQueue {
  private tail: Promise<void> = Promise.resolve();

  /** Resolves when it is this download's turn, with the function that ends the turn (call it once done or failed). */
  acquire(): Promise<() => void> {
    const previous = this.tail;
    let done: () => void = () => undefined;
    this.tail = new Promise<void>((resolve) => {
      done = resolve;
    });
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      done();
    };
    return previous.then(() => release);
  }
}
