import { describe, expect, it } from 'vitest';
import { WorkerMetrics } from './WorkerMetrics.js';

describe('WorkerMetrics', () => {
  it('renders active jobs, completed and failed counters by kind, and the summed fps in Prometheus text format', () => {
    const metrics = new WorkerMetrics();
    metrics.started('chunk');
    metrics.started('chunk');
    metrics.started('audio');
    metrics.completed('chunk');
    metrics.failed('audio');
    metrics.encodeFps('a', 120.5);
    metrics.encodeFps('b', 80);
    metrics.framesEncoded(750);
    const text = metrics.render();
    expect(text).toContain('# TYPE ott_jobs_active gauge\nott_jobs_active 1\n');
    expect(text).toContain('ott_jobs_completed_total{kind="chunk"} 1\n');
    expect(text).toContain('ott_jobs_failed_total{kind="audio"} 1\n');
    expect(text).toContain('# TYPE ott_encode_fps gauge\nott_encode_fps 200.5\n');
    expect(text).toContain('ott_encoded_frames_total 750\n');
    metrics.encodeFps('a', undefined);
    expect(metrics.render()).toContain('ott_encode_fps 80\n');
    for (const line of text.trim().split('\n')) expect(line).toMatch(/^(# (HELP|TYPE) \w+ .+|\w+(\{kind="\w+"\})? \d+(\.\d+)?)$/);
  });
});
