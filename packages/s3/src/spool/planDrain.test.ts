import { describe, expect, it } from 'vitest';
import { planDrain } from './planDrain.js';
import type { SpoolDelete, SpoolPut } from './SpoolEntry.js';

const put = (seq: number, path: string, order = seq): SpoolPut => ({
  op: 'put',
  seq,
  key: path,
  path,
  kind: path.endsWith('.m3u8') ? 'manifest' : path.includes('.p') ? 'part' : 'segment',
  size: 1,
  order,
});
const del = (seq: number, path: string): SpoolDelete => ({ op: 'del', seq, key: path, path });
const paths = (entries: readonly { seq: number; path: string }[]): string[] => entries.map((e) => `${e.seq}:${e.path}`);

describe('planDrain', () => {
  it('puts objects first, then the newest version of each manifest, then removals', () => {
    const plan = planDrain([put(1, 'v/s1.p0.m4s'), put(2, 'v/pl.m3u8'), put(3, 'v/s1.m4s'), put(4, 'v/pl.m3u8'), del(5, 'v/s1.p0.m4s'), put(6, 'v/s2.m4s'), put(7, 'v/pl.m3u8')]);
    expect(paths(plan.objects)).toEqual(['3:v/s1.m4s', '6:v/s2.m4s']);
    expect(paths(plan.manifests)).toEqual(['7:v/pl.m3u8']);
    expect(paths(plan.deletes)).toEqual(['5:v/s1.p0.m4s']);
    expect(paths(plan.skipped)).toEqual(['1:v/s1.p0.m4s', '2:v/pl.m3u8', '4:v/pl.m3u8']);
  });

  it('keeps a media playlist first spooled before the multivariant playlist ahead of it, whatever its newest version', () => {
    const plan = planDrain([put(1, 'v/pl.m3u8'), put(2, 'master.m3u8'), put(5, 'v/pl.m3u8', 1)]);
    expect(paths(plan.manifests)).toEqual(['5:v/pl.m3u8', '2:master.m3u8']);
  });

  it('lets only the last operation on a key count (a re-upload after a removal wins, and the reverse)', () => {
    const plan = planDrain([del(1, 'a.m4s'), put(2, 'a.m4s'), put(3, 'b.m4s'), del(4, 'b.m4s')]);
    expect(paths(plan.objects)).toEqual(['2:a.m4s']);
    expect(paths(plan.deletes)).toEqual(['4:b.m4s']);
    expect(paths(plan.skipped)).toEqual(['1:a.m4s', '3:b.m4s']);
  });

  it('plans nothing for an empty batch', () => {
    expect(planDrain([])).toEqual({ skipped: [], objects: [], manifests: [], deletes: [] });
  });
});
