// Test support (not exported): the DASH-IF/Axinom CPIX vectors (../shared/vectors/cpix, MIT, see LICENSE.axinom) and
// their private keys. Node cannot read PKCS#12, so the tests convert CertN.pfx (password = file name) with the
// openssl CLI into a temporary PEM; the library itself only takes PEM / KeyObject.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const CPIX_VECTORS = resolve(import.meta.dirname, '../../../../../../shared/vectors/cpix');

/** A vector file's bytes. */
export function cpixVector(name: string): Buffer {
  return readFileSync(join(CPIX_VECTORS, name));
}

/** The private key of `CertN.pfx` as PKCS#8 PEM (via `openssl pkcs12`). */
export function vectorPrivateKey(cert: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ott-cpix-'));
  try {
    const out = join(dir, 'key.pem');
    execFileSync('openssl', ['pkcs12', '-in', join(CPIX_VECTORS, `${cert}.pfx`), '-passin', `pass:${cert}`, '-nodes', '-nocerts', '-out', out], { stdio: 'pipe' });
    return execFileSync('openssl', ['pkey', '-in', out], { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
