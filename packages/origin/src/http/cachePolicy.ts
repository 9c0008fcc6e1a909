// The cache policy is shared with @ott/s3 (its origin and uploads): it lives in @ott/core.
export { DEFAULT_CACHE_POLICY, cacheControlFor, capFreshness, isDynamicMpd, isLiveManifest, privateCachePolicy } from '@ott/core';
export type { CachePolicy } from '@ott/core';
