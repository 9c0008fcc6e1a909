/** Two-digit upper-case-free hex of a byte. */
export function hex2(v: number): string {
  return (v & 0xff).toString(16).padStart(2, '0');
}

/** Two-digit decimal. */
export function dec2(v: number): string {
  return String(v).padStart(2, '0');
}
