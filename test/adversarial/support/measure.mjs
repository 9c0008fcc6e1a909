// Preloaded into an `ott` child (NODE_OPTIONS=--import …) by the adversarial suite: writes the process's own peak
// RSS and CPU time to OTT_MEASURE_FILE when it exits, so budgets are measured in the process that did the work.
import { writeFileSync } from 'node:fs';

const file = process.env.OTT_MEASURE_FILE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ maxRssBytes: usage.maxRSS * 1024, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6 }));
  });
}
