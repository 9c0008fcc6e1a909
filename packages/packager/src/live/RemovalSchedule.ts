/**
 * Files to delete once the live edge has passed a deadline (media seconds): a segment or part that left the playlists
 * must stay available for as long as a client that loaded an older playlist may still ask for it (RFC 8216bis §6.2.2:
 * its duration plus the duration of the longest playlist that listed it).
 */
export class RemovalSchedule {
  readonly #entries: { readonly deadline: number; readonly path: string }[] = [];

  add(paths: readonly string[], deadline: number): void {
    for (const path of paths) this.#entries.push({ deadline, path });
  }

  /** Paths whose deadline is at or before `edge`, in the order they were added. */
  due(edge: number): string[] {
    const due: string[] = [];
    let kept = 0;
    for (const entry of this.#entries) {
      if (entry.deadline <= edge) due.push(entry.path);
      else this.#entries[kept++] = entry;
    }
    this.#entries.length = kept;
    return due;
  }

  /** Every path still waiting (the stream ended: the final playlists list none of them). */
  drain(): string[] {
    return this.#entries.splice(0).map((entry) => entry.path);
  }
}
