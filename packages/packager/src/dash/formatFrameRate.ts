/**
 * A DASH `FrameRateType` (ISO/IEC 23009-1 §5.3.12.2: an integer or `N/D`, no decimals): `30`, `30000/1001`,
 * or `N/1000` for other rates.
 */
export function formatFrameRate(fps: number): string {
  const whole = Math.round(fps);
  if (Math.abs(fps - whole) < 0.001) return String(whole);
  const ntsc = Math.round((fps * 1001) / 1000);
  if (Math.abs((ntsc * 1000) / 1001 - fps) < 0.001) return `${ntsc * 1000}/1001`;
  return `${Math.round(fps * 1000)}/1000`;
}
