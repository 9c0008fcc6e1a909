import { drmError } from '../keys/drmError.js';
import { toUuid } from '../keys/hex.js';

/** Parses a CPIX `kid` (UUID, dashes optional) into 16 bytes; `CPIX_INVALID` otherwise. */
export function parseKid(value: string | undefined, where: string): Uint8Array {
  const clean = (value ?? '').trim().replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(clean)) {
    throw drmError('CPIX_INVALID', `Expected ${where} to have a kid attribute holding a UUID, got ${value === undefined ? 'none' : `'${value.slice(0, 40)}'`}.`);
  }
  return Uint8Array.from(Buffer.from(clean, 'hex'));
}

/** The UUID form of a key id, as written in CPIX `kid` attributes. */
export function kidText(kid: Uint8Array): string {
  return toUuid(kid);
}

/** Strict base64 (whitespace allowed) to bytes; `CPIX_INVALID` naming the field otherwise. */
export function parseBase64(value: string | undefined, where: string): Uint8Array {
  const clean = (value ?? '').replace(/[ \t\r\n]+/g, '');
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(clean)) {
    throw drmError('CPIX_INVALID', `Expected base64 in ${where}, got ${clean.length} characters that are not valid base64.`);
  }
  return Uint8Array.from(Buffer.from(clean, 'base64'));
}

/** An optional xs:integer attribute. */
export function parseInteger(value: string | undefined, where: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\s*[+-]?\d+\s*$/.test(value)) throw drmError('CPIX_INVALID', `Expected an integer in ${where}, got '${value.slice(0, 40)}'.`);
  return Number(value);
}

/** An optional xs:boolean attribute. */
export function parseBoolean(value: string | undefined, where: string): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw drmError('CPIX_INVALID', `Expected true or false in ${where}, got '${value.slice(0, 40)}'.`);
}
