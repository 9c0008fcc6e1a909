import { drmError } from './drmError.js';
import { parseHex, toHex } from './hex.js';

/** A content key: 16-byte key id and 16-byte AES-128 key. Never log `key`. */
export interface ContentKey {
  readonly kid: Uint8Array;
  readonly key: Uint8Array;
  /** Optional constant/base IV chosen by the key server (8 or 16 bytes). */
  readonly iv?: Uint8Array;
}

/** Builds a {@link ContentKey} from hex strings (UUID dashes allowed). */
export function contentKeyFromHex(kidHex: string, keyHex: string, ivHex?: string): ContentKey {
  const kid = parseHex(kidHex, 16, 'the key id');
  const key = parseHex(keyHex, 16, 'the content key');
  if (ivHex === undefined) return { kid, key };
  const clean = ivHex.replace(/^0x/i, '');
  return { kid, key, iv: parseHex(clean, clean.length === 16 ? 8 : 16, 'the IV (8 or 16 bytes)') };
}

/**
 * A lookup of keys by key id (lower-case hex). `fallback` answers for any key id (a single `--key <hex>` given
 * without a key id decrypts whatever the file names).
 */
export class KeyRing {
  private readonly byKid = new Map<string, Uint8Array>();
  private fallback: Uint8Array | undefined;

  /** Adds a key for a key id, or for every key id when `kid` is undefined. */
  add(kid: Uint8Array | undefined, key: Uint8Array): void {
    if (kid === undefined) this.fallback = key;
    else this.byKid.set(toHex(kid), key);
  }

  /** The key of `kid`; throws `DRM_KEY_NOT_FOUND` naming the key id (never a key). */
  get(kid: Uint8Array): Uint8Array {
    const key = this.byKid.get(toHex(kid)) ?? this.fallback;
    if (key === undefined) {
      throw drmError('DRM_KEY_NOT_FOUND', `No key for key id ${toHex(kid)}; pass --key ${toHex(kid)}:<key hex> (known key ids: ${[...this.byKid.keys()].join(', ') || 'none'}).`, { kid: toHex(kid) });
    }
    return key;
  }

  /**
   * Parses CLI-style key arguments: `<key hex>` (any key id) or `<kid hex>:<key hex>`.
   */
  static fromArgs(args: readonly string[]): KeyRing {
    const ring = new KeyRing();
    for (const arg of args) {
      const [a, b, ...rest] = arg.split(':');
      if (rest.length > 0 || a === undefined) throw drmError('DRM_INVALID_KEY', "Expected --key <key hex> or --key <kid hex>:<key hex>, got a value with more than one ':'.");
      if (b === undefined) ring.add(undefined, parseHex(a, 16, 'the content key'));
      else ring.add(parseHex(a, 16, 'the key id'), parseHex(b, 16, 'the content key'));
    }
    return ring;
  }
}
