import type { RedisOptions } from 'bullmq';
import { OttError } from '@ott/core';

/**
 * ioredis options for a farm connection from a `redis://[user:password@]host:port[/db]` (or `rediss://`) URL.
 * `maxRetriesPerRequest: null` keeps commands queued while Redis is away (BullMQ workers require it), and the retry
 * strategy reconnects forever, quickly (0.2 s steps up to 2 s), so a restarted Redis is picked up at once.
 */
export function redisConnection(url: string): RedisOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid(url);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw invalid(url);
  return {
    url,
    maxRetriesPerRequest: null,
    retryStrategy: (times: number) => Math.min(times * 200, 2000),
  };
}

function invalid(url: string): OttError {
  return new OttError('QUEUE_UNAVAILABLE', `"${url}" is not a Redis URL; expected redis://host:port (or rediss:// for TLS).`, { stage: 'transcode' });
}
