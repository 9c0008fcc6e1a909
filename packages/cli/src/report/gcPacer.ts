import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Keeps the `ott` process's memory flat on long packaging runs. Every fragment's bytes live in a fresh buffer that is
 * garbage once its segment is written, but V8 lets ~64 MiB of such external memory pile up before it collects, and
 * more on long runs as its heap grows — so peak RSS drifted up with input length though the memory in use did not.
 * A full collection after every `bytesPerCollection` written bounds it. Only the command line does this: a library
 * must not force collections in its host application.
 */
export function createGcPacer(bytesPerCollection: number): (bytesWritten: number) => void {
  let gc: (() => void) | undefined;
  try {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as (() => void) | undefined;
  } catch {
    gc = undefined;
  }
  let sinceLast = 0;
  return (bytesWritten) => {
    sinceLast += bytesWritten;
    if (gc === undefined || sinceLast < bytesPerCollection) return;
    sinceLast = 0;
    gc();
  };
}
