import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OutputLedger } from './OutputLedger.js';

describe('OutputLedger', () => {
  it('removes every folder it created, parents last, even when concurrent writes recorded them out of order', async () => {
    const work = mkdtempSync(join(tmpdir(), 'ott-ledger-'));
    try {
      // Several rounds: which concurrent `mkdir -p` creates the parents, and so the recording order, varies.
      for (let round = 0; round < 20; round++) {
        const root = join(work, 'new', 'out');
        const ledger = new OutputLedger(root);
        await Promise.all([ledger.ensureFolder(join(root, 'video')), ledger.ensureFolder(join(root, 'audio')), ledger.ensureFolder(root)]);
        expect(existsSync(join(root, 'video'))).toBe(true);
        const report = ledger.removeAll();
        expect(existsSync(join(work, 'new')), `round ${round}: ${report.folders.join(', ')}`).toBe(false);
      }
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
