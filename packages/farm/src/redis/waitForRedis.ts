import { OttError } from '@ott/core';

/**
 * Waits until a BullMQ object's Redis connection is ready. ioredis retries forever (what a running farm wants when
 * Redis restarts), so without a deadline a wrong URL would hang a command at start; this fails it after `ms`.
 */
export async function waitForRedis(target: { waitUntilReady(): Promise<unknown> }, url: string, ms = 10_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new OttError('QUEUE_UNAVAILABLE', `Redis at ${url} did not answer within ${ms / 1000} s. Check the URL and that redis-server runs (redis-cli -u ${url} ping).`, { stage: 'transcode' })), ms);
  });
  try {
    await Promise.race([target.waitUntilReady(), deadline]);
  } catch (error) {
    throw error instanceof OttError ? error : new OttError('QUEUE_UNAVAILABLE', `Cannot connect to Redis at ${url}: ${String(error)}.`, { stage: 'transcode', cause: error });
  } finally {
    clearTimeout(timer);
  }
}
