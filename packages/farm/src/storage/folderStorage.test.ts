import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { folderStorage } from './folderStorage.js';

const root = mkdtempSync(join(tmpdir(), 'ott-farm-storage-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function put(storage: ReturnType<typeof folderStorage>, key: string, text: string): Promise<void> {
  const pending = await storage.create(key);
  pending.stream.end(text);
  await pending.commit();
}

describe('folderStorage', () => {
  const storage = folderStorage(join(root, 'work'));

  it('publishes an object only on commit, atomically replacing an earlier one', async () => {
    const pending = await storage.create('v/chunk-00000.mp4');
    pending.stream.write('half');
    expect(await storage.has('v/chunk-00000.mp4')).toBe(false);
    pending.stream.end(' and the rest');
    await pending.commit();
    expect(Buffer.from(await storage.read('v/chunk-00000.mp4')).toString()).toBe('half and the rest');
    await put(storage, 'v/chunk-00000.mp4', 'redo');
    expect(Buffer.from(await storage.read('v/chunk-00000.mp4')).toString()).toBe('redo');
    expect(readdirSync(join(root, 'work', 'v'))).toEqual(['chunk-00000.mp4']);
  });

  it('leaves nothing behind when a write is aborted', async () => {
    const pending = await storage.create('v/chunk-00001.mp4');
    pending.stream.write('partial');
    await pending.abort();
    expect(await storage.has('v/chunk-00001.mp4')).toBe(false);
    expect(readdirSync(join(root, 'work', 'v'))).toEqual(['chunk-00000.mp4']);
  });

  it('refuses keys that leave the root, and relative roots', async () => {
    await expect(storage.has('../escape')).rejects.toMatchObject({ code: 'QUEUE_INVALID_JOB' });
    await expect(storage.create('/abs')).rejects.toMatchObject({ code: 'QUEUE_INVALID_JOB' });
    expect(() => folderStorage('relative')).toThrow(expect.objectContaining({ code: 'QUEUE_INVALID_JOB' }));
  });

  it('clears the whole folder', async () => {
    await storage.clear();
    expect(existsSync(join(root, 'work'))).toBe(false);
    await storage.clear(); // missing is fine
  });
});
