import { request, type IncomingMessage } from 'node:http';

/** A response read as it arrives (test helper). */
export interface StreamedResponse {
  /** Resolves with the status line and headers. */
  readonly head: Promise<IncomingMessage>;
  /** Resolves with the whole body once the response ends (rejects if it is cut off). */
  readonly body: Promise<Buffer>;
  /** Bytes received so far. */
  received(): Buffer;
  /** Resolves once at least `count` body bytes have arrived. */
  waitForBytes(count: number): Promise<void>;
}

/**
 * Sends one request on its own connection and exposes the body while it streams in, so a test can wait for the
 * bytes of one part before publishing the next (events, not sleeps). Test helper, not exported by the package.
 */
export function streamRequest(port: number, path: string, options: { method?: string; headers?: Record<string, string> } = {}): StreamedResponse {
  const chunks: Buffer[] = [];
  let length = 0;
  const waiters = new Set<{ count: number; resolve: () => void }>();
  let onHead: (res: IncomingMessage) => void = () => undefined;
  let onHeadError: (error: Error) => void = () => undefined;
  const head = new Promise<IncomingMessage>((resolve, reject) => {
    onHead = resolve;
    onHeadError = reject;
  });
  const body = new Promise<Buffer>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      onHead(res);
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        length += chunk.length;
        for (const waiter of [...waiters]) {
          if (length >= waiter.count) {
            waiters.delete(waiter);
            waiter.resolve();
          }
        }
      });
      // eslint-disable-next-line no-restricted-properties -- test helper: small response bodies, read once
      res.on('end', () => resolve(Buffer.concat(chunks)));
      res.on('error', reject);
      res.on('aborted', () => reject(new Error('response aborted')));
    });
    req.on('error', (error) => {
      onHeadError(error);
      reject(error);
    });
    req.end();
  });
  body.catch(() => undefined); // tests that only look at the head must not leave an unhandled rejection
  return {
    head,
    body,
    // eslint-disable-next-line no-restricted-properties -- test helper
    received: () => Buffer.concat(chunks),
    waitForBytes: (count) =>
      length >= count ? Promise.resolve() : new Promise<void>((resolve) => waiters.add({ count, resolve })),
  };
}
