import type { IncomingMessage } from 'node:http';
import type { Webhooks } from '@ott/core';
import { privateCachePolicy, type CachePolicy } from '../http/cachePolicy.js';
import type { AccessOptions, StreamResolver } from './AccessOptions.js';
import { createAccessControl, type AccessControl } from './createAccessControl.js';
import { PlayDecisions } from './PlayDecisions.js';
import { firstSegmentStream } from './resolveStream.js';

/** The access settings of an origin, resolved once. */
export interface AccessContext {
  readonly access: AccessControl | undefined;
  readonly plays: PlayDecisions | undefined;
  readonly streamOf: StreamResolver;
  readonly clientIp: (req: IncomingMessage) => string | undefined;
  /** Cache policy of requests that passed an access check. */
  readonly protectedCache: CachePolicy;
}

/** Resolves `access`, `webhooks` and `playDecisionTtlMs`; throws `ORIGIN_ACCESS_INVALID` for options that cannot work. */
export function resolveAccessContext(
  options: { readonly access?: AccessOptions; readonly webhooks?: Pick<Webhooks, 'onPlay'>; readonly playDecisionTtlMs?: number },
  cache: CachePolicy,
): AccessContext {
  const access = options.access === undefined ? undefined : createAccessControl(options.access);
  const clientIp = options.access?.clientIp;
  return {
    access,
    plays: options.webhooks === undefined ? undefined : new PlayDecisions(options.webhooks, { ttlMs: options.playDecisionTtlMs ?? 30_000 }),
    streamOf: options.access?.streamOf ?? firstSegmentStream,
    clientIp: (req) => {
      try {
        return clientIp === undefined ? req.socket.remoteAddress : clientIp(req);
      } catch {
        return undefined; // a throwing resolver must not turn into a 500: the request has no known address
      }
    },
    protectedCache: privateCachePolicy(cache, access?.segmentCache ?? 'private'),
  };
}
