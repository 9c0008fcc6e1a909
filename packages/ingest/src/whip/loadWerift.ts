import type * as Werift from 'werift';
import { OttError } from '@ott/core';

/** The `werift` module. */
export type WeriftModule = typeof Werift;

let loading: Promise<WeriftModule> | undefined;

/**
 * Imports `werift` (WebRTC) on first use. It is an optional peer dependency of `@ott/ingest`: only WHIP needs it, so a
 * file or RTMP/SRT/RTSP app neither installs nor loads it.
 *
 * @throws {OttError} `INGEST_UNAVAILABLE` when it is not installed.
 */
export function loadWerift(): Promise<WeriftModule> {
  loading ??= import('werift').catch((error: unknown) => {
    loading = undefined;
    throw new OttError('INGEST_UNAVAILABLE', `WHIP ingest needs the npm package "werift" (an optional peer dependency of @ott/ingest), which could not be loaded: ${String(error)}. Install it: npm install werift@~0.25.`, {
      stage: 'ingest',
      cause: error,
    });
  });
  return loading;
}
