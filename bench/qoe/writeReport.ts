import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { computeMetrics } from './computeMetrics.js';
import type { SessionMetrics } from './computeMetrics.js';
import { drawChart } from './drawChart.js';
import { measureBundles } from './measureBundles.js';
import { RUNGS, ROOT } from './prepareContent.js';
import type { QoePlayer } from './qoePage.js';
import type { ProfileRun } from './run.js';
import { meanKbps, readProfiles } from './throttleProfile.js';
import { renderSection } from './renderSection.js';

/** Per player and profile: the metrics of every run. */
export interface PlayerRuns {
  readonly player: QoePlayer;
  readonly format: string;
  readonly runs: SessionMetrics[];
}

/** One profile's results, ready to print. */
export interface ProfileResult {
  readonly profile: string;
  readonly meanKbps: number;
  readonly players: PlayerRuns[];
  readonly chart?: string;
}

const SECTION = '## Player QoE';

/** Replaces the `## Player QoE` section of docs/benchmarks.md (up to the next `## ` heading) or appends it; other sections stay. */
async function updateBenchmarksMd(section: string): Promise<string> {
  const file = path.join(ROOT, 'docs', 'benchmarks.md');
  const before = existsSync(file) ? await readFile(file, 'utf8') : '# Benchmarks\n';
  const lines = before.split('\n');
  const start = lines.findIndex((l) => l.trim() === SECTION);
  let next: string;
  if (start < 0) {
    next = `${before.replace(/\s*$/, '')}\n\n${section.trim()}\n`;
  } else {
    const endOffset = lines.slice(start + 1).findIndex((l) => /^## /.test(l));
    const end = endOffset < 0 ? lines.length : start + 1 + endOffset;
    next = [...lines.slice(0, start), ...section.trim().split('\n'), '', ...lines.slice(end)].join('\n').replace(/\n{3,}/g, '\n\n');
  }
  await writeFile(file, next.endsWith('\n') ? next : `${next}\n`);
  return file;
}

/**
 * Turns raw profile-runs into metrics, tables and charts: writes `report.md` into the results folder, prints it, and
 * (unless `writeDocs` is false) writes docs/qoe/<profile>.svg and the `## Player QoE` section of docs/benchmarks.md.
 */
export async function writeReport(options: {
  resultsDir: string;
  profileRuns: readonly ProfileRun[];
  meta: Record<string, unknown>;
  writeDocs: boolean;
  log: (line: string) => void;
}): Promise<void> {
  const { resultsDir, profileRuns, meta } = options;
  const profiles = await readProfiles(path.resolve(ROOT, '..', 'shared', 'profiles'));
  const limitSeconds = Number(meta['limitSeconds'] ?? 180);
  const results: ProfileResult[] = [];
  const docsDir = path.join(ROOT, 'docs', 'qoe');
  if (options.writeDocs) await mkdir(docsDir, { recursive: true });
  for (const profile of profiles) {
    const runs = profileRuns.filter((r) => r.profile === profile.name).sort((a, b) => a.run - b.run);
    if (runs.length === 0) continue;
    const byPlayer = new Map<QoePlayer, PlayerRuns>();
    for (const run of runs) {
      for (const record of run.records) {
        const entry = byPlayer.get(record.player) ?? { player: record.player, format: record.format, runs: [] };
        entry.runs.push(computeMetrics(record, RUNGS));
        byPlayer.set(record.player, entry);
      }
    }
    let chart: string | undefined;
    const first = runs[0];
    if (first) {
      const svg = drawChart(profile, first.records, RUNGS, `${profile.name} (run ${first.run} of ${runs.length}): rung on screen and buffer, per player`);
      const name = `${profile.name}.svg`;
      await writeFile(path.join(resultsDir, name), svg);
      if (options.writeDocs) await writeFile(path.join(docsDir, name), svg);
      chart = `qoe/${name}`;
    }
    results.push({ profile: profile.name, meanKbps: meanKbps(profile, Math.min(limitSeconds, 180)), players: [...byPlayer.values()], ...(chart ? { chart } : {}) });
  }
  const cpu = profileRuns.flatMap((r) => r.cpu);
  const section = renderSection({ results, meta, cpu, bundles: measureBundles(), runsCount: Math.max(...profileRuns.map((r) => r.run)) });
  await writeFile(path.join(resultsDir, 'report.md'), section);
  console.log(`\n${section}`);
  await writeFile(path.join(resultsDir, 'metrics.json'), JSON.stringify(results, null, 1));
  if (options.writeDocs) {
    const file = await updateBenchmarksMd(section);
    options.log(`wrote ${path.relative(ROOT, file)} and docs/qoe/*.svg`);
  } else {
    options.log(`report in ${path.relative(ROOT, resultsDir)}/report.md (docs not touched)`);
  }
}
