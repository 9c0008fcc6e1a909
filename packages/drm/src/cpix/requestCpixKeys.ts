import { randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { drmError } from '../keys/drmError.js';
import type { CpixDocument, CpixUsageRule } from './CpixDocument.js';
import { readCpix } from './readCpix.js';
import type { ReadCpixOptions } from './readCpix.js';
import { writeCpix } from './writeCpix.js';

/** Options of {@link requestCpixKeys}. */
export interface CpixRequestOptions {
  /** CPIX `contentId` of the request (SPEKE v2: the content the keys are for). */
  readonly contentId: string;
  /** Track types to request one key each for (`SD`, `HD`, `UHD`, `AUDIO`, `VIDEO`, `ALL`…); default `['ALL']`. */
  readonly trackTypes?: readonly string[];
  /** DRM system ids (UUIDs) whose signalling to request; default none. */
  readonly systemIds?: readonly string[];
  /** `commonEncryptionScheme` requested for every key (`cenc` | `cbcs`). */
  readonly scheme?: string;
  /** Private key to decrypt content keys the server encrypted for us. */
  readonly recipientKey?: KeyObject | string | Uint8Array;
  /** Extra HTTP headers (authentication); never logged. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Per attempt, default 10 000 ms. */
  readonly timeoutMs?: number;
  /** Attempts after the first on network errors, timeouts, 429 and 5xx; default 3. */
  readonly retries?: number;
  /** First backoff delay, doubled per retry; default 500 ms. */
  readonly backoffMs?: number;
  /** Largest response accepted, default 10 MB. */
  readonly maxBytes?: number;
  /** Signature checks of the answer, as {@link ReadCpixOptions.verifySignatures} (default `if-present`). */
  readonly verifySignatures?: ReadCpixOptions['verifySignatures'];
  /** The answer must be signed by one of these certificates (PEM or DER); implies `verifySignatures: 'require'`. */
  readonly trustedSigners?: ReadCpixOptions['trustedSigners'];
}

// SPEKE v2 video filters by track type (pixel bounds of 576p / 1080p).
const FILTERS: Readonly<Record<string, Omit<CpixUsageRule, 'kid' | 'intendedTrackType'>>> = {
  SD: { videoFilter: [{ maxPixels: 768 * 576 }] },
  HD: { videoFilter: [{ minPixels: 768 * 576 + 1, maxPixels: 1920 * 1080 }] },
  UHD: { videoFilter: [{ minPixels: 1920 * 1080 + 1 }] },
  VIDEO: { videoFilter: [{}] },
  AUDIO: { audioFilter: [{}] },
};

/**
 * Asks a key server for content keys the SPEKE v2 way: POSTs a CPIX request (key ids without values, one per track
 * type with its usage rule, the wanted DRM systems) and reads the CPIX answer with {@link readCpix}. Each attempt
 * has a timeout; network errors, timeouts, 429 and 5xx are retried with exponential backoff; other statuses fail at
 * once with `CPIX_REQUEST_FAILED`. Headers and keys never appear in errors.
 *
 * @example
 * ```ts
 * const doc = await requestCpixKeys('https://keys.example/speke/v2.0/copyProtection', { contentId: 'movie-1', trackTypes: ['SD', 'HD', 'AUDIO'] });
 * ```
 */
export async function requestCpixKeys(url: string, options: CpixRequestOptions): Promise<CpixDocument> {
  const types = options.trackTypes ?? ['ALL'];
  const kids = types.map(() => Uint8Array.from(randomBytes(16)));
  const body = writeCpix({
    contentId: options.contentId,
    contentKeys: kids.map((kid) => ({ kid, ...(options.scheme ? { commonEncryptionScheme: options.scheme } : {}) })),
    drmSystems: (options.systemIds ?? []).flatMap((systemId) => kids.map((kid) => ({ kid, systemId: systemId.toLowerCase() }))),
    usageRules: types.map((type, i) => ({ kid: kids[i] ?? new Uint8Array(16), intendedTrackType: type, ...FILTERS[type.toUpperCase()] })),
  });
  const retries = options.retries ?? 3;
  let lastError = 'no attempt';
  for (let attempt = 0; attempt <= retries; attempt += 1) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, (options.backoffMs ?? 500) * 2 ** (attempt - 1)));
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/xml', 'x-speke-version': '2.0', ...options.headers },
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      lastError = error instanceof Error && error.name === 'TimeoutError' ? `timed out after ${options.timeoutMs ?? 10_000} ms` : `network error (${error instanceof Error ? error.message : 'unknown'})`;
      continue;
    }
    if (response.status === 429 || response.status >= 500) {
      lastError = `HTTP ${response.status}`;
      await response.body?.cancel();
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw failed(url, `HTTP ${response.status} ${response.statusText}`, attempt + 1);
    }
    const xml = await readLimited(response, options.maxBytes ?? 10 * 1024 * 1024, url);
    return readCpix(xml, cpixTrust(options));
  }
  throw failed(url, lastError, retries + 1);
}

async function readLimited(response: Response, maxBytes: number, url: string): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw failed(url, `response of ${declared} bytes is larger than maxBytes ${maxBytes}`, 1);
  }
  const parts: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  for (;;) {
    const chunk = await reader?.read();
    if (chunk === undefined || chunk.done) break;
    size += chunk.value.byteLength;
    if (size > maxBytes) {
      await reader?.cancel();
      throw failed(url, `response is larger than maxBytes ${maxBytes}`, 1);
    }
    parts.push(chunk.value);
  }
  // eslint-disable-next-line no-restricted-properties -- a few bytes of key material / a small document, not media
  return Buffer.concat(parts);
}

function failed(url: string, why: string, attempts: number): Error {
  const where = url.replace(/\?.*$/, '').replace(/\/\/[^@/]*@/, '//');
  return drmError('CPIX_REQUEST_FAILED', `Expected CPIX keys from ${where}, got ${why} after ${attempts} attempt${attempts === 1 ? '' : 's'}; check the URL, credentials and that the key server is up.`, { attempts });
}

/** The signature and recipient options of {@link readCpix} for a document from a file or a key server. */
export function cpixTrust(options: Pick<CpixRequestOptions, 'recipientKey' | 'verifySignatures' | 'trustedSigners'>): ReadCpixOptions {
  const trusted = options.trustedSigners !== undefined && options.trustedSigners.length > 0;
  return {
    ...(options.recipientKey === undefined ? {} : { recipientKey: options.recipientKey }),
    ...(trusted ? { trustedSigners: options.trustedSigners, verifySignatures: 'require' as const } : {}),
    ...(options.verifySignatures === undefined ? {} : { verifySignatures: options.verifySignatures }),
  };
}
