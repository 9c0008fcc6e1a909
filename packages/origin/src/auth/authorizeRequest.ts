import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { OriginContext } from '../createOrigin.js';
import { capFreshness, type CachePolicy } from '../http/cachePolicy.js';
import { mimeTypeOf } from '../http/mimeTypeOf.js';
import type { AccessRefusal } from './AccessOptions.js';
import type { AccessGrant } from './createAccessControl.js';
import { normalizeIp } from './createAccessControl.js';
import { resolveStream } from './resolveStream.js';

/** How an allowed request is served: with which settings, and what its manifests carry. */
export interface RequestAccess {
  readonly ok: true;
  /** The context to serve with: a protected request gets the private cache policy. */
  readonly context: OriginContext;
  /** Encoded query to append to the URIs of a manifest served to this request. */
  readonly rewriteQuery?: string;
  /** Extra headers of a manifest response (the token cookie). */
  readonly manifestHeaders: Readonly<Record<string, string>>;
}

const OPEN = { manifestHeaders: {} } as const;

/**
 * Decides whether a request may be served, before the file system is touched: its stream (from the path, a valid
 * name), its credential (`access`), and for a playlist or MPD the `onPlay` webhook's decision (cached per viewer).
 * Without `access` and `webhooks` every request passes unchanged.
 */
export async function authorizeRequest(context: OriginContext, req: IncomingMessage, segments: readonly string[], query: URLSearchParams): Promise<RequestAccess | ({ readonly ok: false } & AccessRefusal)> {
  const { access, plays } = context;
  if (access === undefined && plays === undefined) return { ok: true, context, ...OPEN };
  const stream = resolveStream(segments, context.streamOf);
  if (!stream.ok) return stream;
  const address = context.clientIp(req);
  const clientIp = address === undefined ? undefined : normalizeIp(address);
  let grant: AccessGrant | undefined;
  if (access !== undefined) {
    const checked = await access.check(req, { stream: stream.stream, segments, query, clientIp });
    if (!checked.ok) return checked;
    grant = checked;
  }
  const name = segments[segments.length - 1] ?? '';
  const kind = mimeTypeOf(name, context.mimeTypes).kind;
  if (plays !== undefined && (kind === 'playlist' || kind === 'mpd')) {
    const userAgent = req.headers['user-agent'];
    // One viewer = stream + credential + address; hashed so that remembered keys stay small whatever the token size.
    const viewer = createHash('sha256').update(`${stream.stream}\n${grant?.credential ?? ''}\n${clientIp ?? ''}`).digest('base64url');
    const decision = await plays.decide(viewer, {
      stream: stream.stream,
      path: `/${segments.join('/')}`,
      ...(clientIp === undefined ? {} : { remoteAddress: clientIp }),
      ...(userAgent === undefined ? {} : { userAgent }),
      ...(grant?.subject === undefined ? {} : { subject: grant.subject }),
    });
    if (!decision.allowed) {
      return decision.failed === true
        ? { ok: false, status: 503, reason: 'play_webhook_unavailable', message: 'the play webhook could not be asked; try again' }
        : { ok: false, status: 403, reason: 'play_refused', message: decision.reason ?? 'playback refused' };
    }
  }
  if (grant === undefined) return { ok: true, context, ...OPEN };
  // A shared cache (CDN) keeps what it may store for its max-age: never past the credential's expiry, or a cached
  // signed URL would keep working at the edge after it expired.
  const shared = access?.segmentCache === 'shared' && grant.expiresAt !== undefined;
  const cache = shared ? cappedPolicy(context.protectedCache, (grant.expiresAt ?? 0) - Math.floor(Date.now() / 1000)) : context.protectedCache;
  return {
    ok: true,
    context: { ...context, cache },
    ...(grant.carry === undefined ? {} : { rewriteQuery: grant.carry }),
    manifestHeaders: grant.cookie === undefined ? {} : { 'Set-Cookie': grant.cookie },
  };
}

// The last capped policy: viewers of one signed URL in the same second share it.
let lastCapped: { readonly policy: CachePolicy; readonly seconds: number; readonly capped: CachePolicy } | undefined;

function cappedPolicy(policy: CachePolicy, seconds: number): CachePolicy {
  if (lastCapped?.policy !== policy || lastCapped.seconds !== seconds) lastCapped = { policy, seconds, capped: capFreshness(policy, seconds) };
  return lastCapped.capped;
}
