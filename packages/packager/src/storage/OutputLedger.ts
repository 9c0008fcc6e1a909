import { rmdirSync, unlinkSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';

/** What {@link OutputLedger.removeAll} deleted. */
export interface CleanupReport {
  /** Files (finished outputs and temporary files) that were removed, absolute paths. */
  readonly files: readonly string[];
  /** Folders this run had created and that were empty again, absolute paths. */
  readonly folders: readonly string[];
}

/**
 * Remembers everything one sink run created under its root (folders, temporary files, published files) so a failed
 * or cancelled run can be undone. Folders that existed before are never removed, and a created folder is only
 * removed when it is empty (`rmdir`, never recursive), so files of other writers survive.
 *
 * Removal is synchronous on purpose: it runs from RxJS teardown, which cannot wait, and it is a rare path.
 */
export class OutputLedger {
  readonly root: string;
  readonly #keepOutputs: boolean;
  readonly #createdFolders: string[] = [];
  readonly #knownFolders = new Set<string>();
  readonly #files = new Set<string>();
  readonly #temps = new Set<string>();

  /**
   * With `keepOutputs` (a live folder: every published file may be in use) published files are not recorded, so
   * {@link removeAll} only removes temporary files and empty folders, and a long run does not grow the ledger.
   */
  constructor(root: string, options: { readonly keepOutputs?: boolean } = {}) {
    this.root = root;
    this.#keepOutputs = options.keepOutputs ?? false;
  }

  /** Creates `folder` (inside the root, or the root itself) and its missing parents, recording the ones it made. */
  async ensureFolder(folder: string): Promise<void> {
    if (this.#knownFolders.has(folder)) return;
    if (!this.#knownFolders.has(this.root)) {
      const first = await mkdir(this.root, { recursive: true });
      if (first !== undefined) this.#recordChain(first, this.root);
      this.#knownFolders.add(this.root);
    }
    let current = this.root;
    for (const part of relative(this.root, folder).split(sep).filter(Boolean)) {
      current = join(current, part);
      if (this.#knownFolders.has(current)) continue;
      try {
        await mkdir(current);
        this.#createdFolders.push(current);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      this.#knownFolders.add(current);
    }
  }

  addTemp(path: string): void {
    this.#temps.add(path);
  }

  dropTemp(path: string): void {
    this.#temps.delete(path);
  }

  /** A file was published by this run (created or replaced). */
  addFile(path: string): void {
    if (!this.#keepOutputs) this.#files.add(path);
  }

  /** A published file was deleted on purpose: nothing to undo for it. */
  forgetFile(path: string): void {
    this.#files.delete(path);
  }

  /** Deletes every recorded file and temporary file, then the recorded folders that are empty, newest first. */
  removeAll(): CleanupReport {
    const files: string[] = [];
    for (const path of [...this.#files, ...this.#temps]) if (tryUnlink(path)) files.push(path);
    this.#files.clear();
    this.#temps.clear();
    const folders: string[] = [];
    // Deepest first, not reverse creation order: concurrent writes can record a subfolder before the parents that
    // another write's `mkdir -p` made, and a parent only goes once its children have.
    const deepestFirst = [...new Set(this.#createdFolders)].sort((a, b) => b.length - a.length);
    for (const folder of deepestFirst) if (tryRmdir(folder)) folders.push(folder);
    this.#createdFolders.length = 0;
    this.#knownFolders.clear();
    return { files, folders };
  }

  /** `mkdir -p` made everything from `first` down to `last`. */
  #recordChain(first: string, last: string): void {
    const chain: string[] = [];
    for (let folder = last; ; folder = dirname(folder)) {
      chain.unshift(folder);
      if (folder === first || dirname(folder) === folder) break;
    }
    this.#createdFolders.push(...chain);
  }
}

function tryUnlink(path: string): boolean {
  try {
    unlinkSync(path);
    return true;
  } catch {
    return false;
  }
}

function tryRmdir(path: string): boolean {
  try {
    rmdirSync(path);
    return true;
  } catch {
    return false;
  }
}

