/** An `xs:duration` in seconds with millisecond precision, e.g. `PT30.000S` (ISO 8601; seconds may exceed 59). */
export function formatDuration(seconds: number): string {
  return `PT${Math.max(0, seconds).toFixed(3)}S`;
}
