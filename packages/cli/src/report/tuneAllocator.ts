/**
 * The glibc malloc setting `ott live` runs with: allocations of 32 KiB and more are served by `mmap` and given back to
 * the system when freed. With glibc's default (a threshold that rises as large blocks are freed), the socket reads of a
 * burst of clients end as free memory inside the heap that the process keeps: 200 hostile RTMP clients left `ott live`
 * 40 MB above its start after they had gone; with this setting it returns to within ~10 %.
 */
export const LIVE_MALLOC_ENV = { MALLOC_MMAP_THRESHOLD_: '32768' } as const;

/**
 * Re-executes this process (same pid, same arguments, stdio and signals) with {@link LIVE_MALLOC_ENV} when it is not
 * set yet, on Linux with glibc and a Node that has `process.execve` (22.15+). Does nothing when the user set the
 * variable (their choice wins), on other systems, or when `OTT_NO_MALLOC_TUNING` is set.
 */
export function tuneAllocatorForServers(): void {
  const env = process.env;
  if (process.platform !== 'linux' || env['MALLOC_MMAP_THRESHOLD_'] !== undefined || env['OTT_NO_MALLOC_TUNING'] !== undefined) return;
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined;
  if (report?.header?.glibcVersionRuntime === undefined) return; // musl and others: no such variable
  const execve = (process as { execve?: (file: string, args: readonly string[], env: NodeJS.ProcessEnv) => never }).execve;
  if (typeof execve !== 'function') return;
  execve(process.execPath, [process.execPath, ...process.execArgv, ...process.argv.slice(1)], { ...env, ...LIVE_MALLOC_ENV });
}
