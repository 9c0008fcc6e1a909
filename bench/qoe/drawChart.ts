import type { Rung } from './prepareContent.js';
import type { QoePlayer } from './qoePage.js';
import type { SessionRecord } from './runSession.js';
import { kbpsAt } from './throttleProfile.js';
import type { NetworkProfile } from './throttleProfile.js';
import { rungKbps, starved } from './computeMetrics.js';

/** Line colour per player (colour-blind-safe Okabe–Ito picks). */
export const PLAYER_COLOR: Readonly<Record<QoePlayer, string>> = {
  ott: '#D55E00',
  'hls.js': '#0072B2',
  'dash.js': '#009E73',
  shaka: '#CC79A7',
};

const W = 960;
const PANEL_H = 220;
const LEFT = 60;
const RIGHT = 20;
const TOP = 40;
const GAP = 50;

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/**
 * Hand-written SVG (no dependency) for one profile-run: top panel, the nominal bitrate of the rung on screen per
 * player over wall time plus the throttled throughput as a grey step line; bottom panel, seconds buffered ahead.
 * Stalls show as a red tick under the time axis of the player's colour band.
 */
export function drawChart(profile: NetworkProfile, records: readonly SessionRecord[], rungs: readonly Rung[], title: string): string {
  const maxT = Math.max(60, ...records.map((r) => ((r.page.samples.at(-1)?.t ?? 0) + r.throttleLeadMs) / 1000));
  const maxKbps = Math.max(1600, ...profile.steps.map((s) => s.kbps)) * 1.05;
  const maxBuf = Math.max(10, ...records.flatMap((r) => r.page.samples.map((s) => s.buf))) * 1.05;
  const plotW = W - LEFT - RIGHT;
  const x = (t: number): number => LEFT + (t / maxT) * plotW;
  const y1 = (kbps: number): number => TOP + PANEL_H - (kbps / maxKbps) * PANEL_H;
  const top2 = TOP + PANEL_H + GAP;
  const y2 = (s: number): number => top2 + PANEL_H - (s / maxBuf) * PANEL_H;
  const stallTop = top2 + PANEL_H + 28;
  const H = stallTop + records.length * 8 + 40;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`);
  out.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  out.push(`<text x="${LEFT}" y="20" font-size="14" font-weight="bold">${esc(title)}</text>`);
  // Grid and axes.
  for (const kbps of [200, 350, 600, 1000, 1500].filter((k) => k < maxKbps)) {
    out.push(`<line x1="${LEFT}" x2="${W - RIGHT}" y1="${y1(kbps).toFixed(1)}" y2="${y1(kbps).toFixed(1)}" stroke="#eee"/>`);
    out.push(`<text x="${LEFT - 6}" y="${(y1(kbps) + 4).toFixed(1)}" text-anchor="end" fill="#555">${kbps}</text>`);
  }
  for (let s = 0; s <= maxBuf; s += maxBuf > 40 ? 10 : 5) {
    out.push(`<line x1="${LEFT}" x2="${W - RIGHT}" y1="${y2(s).toFixed(1)}" y2="${y2(s).toFixed(1)}" stroke="#eee"/>`);
    out.push(`<text x="${LEFT - 6}" y="${(y2(s) + 4).toFixed(1)}" text-anchor="end" fill="#555">${s}</text>`);
  }
  for (let t = 0; t <= maxT; t += 30) {
    out.push(`<line x1="${x(t).toFixed(1)}" x2="${x(t).toFixed(1)}" y1="${TOP}" y2="${top2 + PANEL_H}" stroke="#f3f3f3"/>`);
    out.push(`<text x="${x(t).toFixed(1)}" y="${top2 + PANEL_H + 14}" text-anchor="middle" fill="#555">${t}s</text>`);
  }
  out.push(`<rect x="${LEFT}" y="${TOP}" width="${plotW}" height="${PANEL_H}" fill="none" stroke="#999"/>`);
  out.push(`<rect x="${LEFT}" y="${top2}" width="${plotW}" height="${PANEL_H}" fill="none" stroke="#999"/>`);
  out.push(`<text x="14" y="${TOP + PANEL_H / 2}" transform="rotate(-90 14 ${TOP + PANEL_H / 2})" text-anchor="middle">video kbit/s on screen</text>`);
  out.push(`<text x="14" y="${top2 + PANEL_H / 2}" transform="rotate(-90 14 ${top2 + PANEL_H / 2})" text-anchor="middle">buffer ahead (s)</text>`);
  // Throughput profile as a step line.
  const steps: string[] = [];
  for (let t = 0; t <= maxT; t += 0.05) steps.push(`${x(t).toFixed(1)},${y1(kbpsAt(profile, t)).toFixed(1)}`);
  out.push(`<polyline points="${steps.join(' ')}" fill="none" stroke="#888" stroke-width="1.2" stroke-dasharray="4 3"/>`);
  records.forEach((record, k) => {
    const color = PLAYER_COLOR[record.player];
    const lead = record.throttleLeadMs / 1000;
    const started = record.page.samples.filter((s) => record.page.firstFrameAt >= 0 && s.t >= record.page.firstFrameAt);
    const bitrate = started.filter((s) => s.h > 0).map((s) => `${x(s.t / 1000 + lead).toFixed(1)},${y1(rungKbps(rungs, s.h)).toFixed(1)}`);
    out.push(`<polyline points="${bitrate.join(' ')}" fill="none" stroke="${color}" stroke-width="1.8" stroke-linejoin="round" opacity="0.85"/>`);
    const buffer = record.page.samples.map((s) => `${x(s.t / 1000 + lead).toFixed(1)},${y2(s.buf).toFixed(1)}`);
    out.push(`<polyline points="${buffer.join(' ')}" fill="none" stroke="${color}" stroke-width="1.5" opacity="0.85"/>`);
    // Stalls: non-advancing sample intervals after the first frame; red when the element lacked data, orange otherwise.
    const band = stallTop + k * 8;
    out.push(`<line x1="${LEFT}" x2="${W - RIGHT}" y1="${band + 3}" y2="${band + 3}" stroke="${color}" stroke-opacity="0.25" stroke-width="5"/>`);
    for (let i = 1; i < started.length; i++) {
      const a = started[i - 1];
      const b = started[i];
      if (!a || !b || a.ended || b.ended || b.ct - a.ct >= 0.2 * ((b.t - a.t) / 1000)) continue;
      out.push(`<rect x="${x(a.t / 1000 + lead).toFixed(1)}" y="${band}" width="${Math.max(1, x(b.t / 1000 + lead) - x(a.t / 1000 + lead)).toFixed(1)}" height="6" fill="${starved(a, b) ? '#d00' : '#f90'}"/>`);
    }
  });
  out.push(`<text x="${LEFT}" y="${stallTop - 6}" fill="#555">rebuffering (red) and hiccups with data buffered (orange) per player, in legend order</text>`);
  const legendY = H - 14;
  records.forEach((record, k) => {
    const lx = LEFT + k * 170;
    out.push(`<line x1="${lx}" x2="${lx + 24}" y1="${legendY - 4}" y2="${legendY - 4}" stroke="${PLAYER_COLOR[record.player]}" stroke-width="3"/>`);
    out.push(`<text x="${lx + 30}" y="${legendY}">${esc(`${record.player} (${record.format.toUpperCase()})`)}</text>`);
  });
  const px = LEFT + records.length * 170;
  out.push(`<line x1="${px}" x2="${px + 24}" y1="${legendY - 4}" y2="${legendY - 4}" stroke="#888" stroke-dasharray="4 3" stroke-width="1.5"/>`);
  out.push(`<text x="${px + 30}" y="${legendY}">throttled throughput</text>`);
  out.push('</svg>');
  return out.join('\n');
}
