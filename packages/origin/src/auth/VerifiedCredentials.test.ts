import { describe, expect, it } from 'vitest';
import { VerifiedCredentials } from './VerifiedCredentials.js';

describe('VerifiedCredentials', () => {
  it('remembers a credential until its own expiry or the ttl, whichever comes first', () => {
    const verified = new VerifiedCredentials<string>(10, 60_000);
    verified.set('short', 'ok', 1_000 + 5_000, 1_000);
    verified.set('long', 'ok', 1_000 + 3_600_000, 1_000);
    expect(verified.get('short', 5_999)).toBe('ok');
    expect(verified.get('short', 6_000)).toBeUndefined();
    expect(verified.get('long', 60_999)).toBe('ok');
    expect(verified.get('long', 61_000)).toBeUndefined();
  });

  it('never keeps an already expired credential, and drops the oldest beyond maxEntries', () => {
    const verified = new VerifiedCredentials<number>(2, 60_000);
    verified.set('expired', 1, 999, 1_000);
    expect(verified.get('expired', 1_000)).toBeUndefined();
    verified.set('a', 1, 10_000, 1_000);
    verified.set('b', 2, 10_000, 1_000);
    verified.set('c', 3, 10_000, 1_000);
    expect([verified.get('a', 1_000), verified.get('b', 1_000), verified.get('c', 1_000)]).toEqual([undefined, 2, 3]);
  });
});
