/**
 * Resolves at the first SIGINT or SIGTERM (Ctrl-C, `kill`), then stops listening, so a second Ctrl-C kills the process
 * the usual way if shutting down hangs. `onStop` runs first (e.g. to say what happens next).
 */
export function untilStopSignal(onStop?: () => void): Promise<void> {
  return new Promise<void>((done) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      onStop?.();
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
