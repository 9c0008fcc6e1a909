import { parseArgs } from 'node:util';
import { startWorker } from '@ott/farm';
import type { FarmWorkerEvent } from '@ott/farm';
import { usage } from '../args.js';
import { commandHelp } from '../help/help.js';


const OPTIONS = {
  redis: { type: 'string' },
  concurrency: { type: 'string' },
  queue: { type: 'string' },
  'metrics-port': { type: 'string' },
  'metrics-host': { type: 'string' },
  'lock-duration': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `ott worker --redis <url>`: a transcode-farm worker, until SIGINT/SIGTERM. */
export async function runWorker(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: false, strict: true });
  } catch (error) {
    throw usage('worker', error instanceof Error ? error.message : String(error));
  }
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(`${commandHelp('worker')}\n`);
    return 0;
  }
  if (values.redis === undefined) throw usage('worker', 'missing --redis <url> (the Redis of the farm, e.g. redis://127.0.0.1:6379)');
  const concurrency = integerOption('--concurrency', values.concurrency, 1, 1024);
  const metricsPort = integerOption('--metrics-port', values['metrics-port'], 0, 65535);
  const lockSeconds = values['lock-duration'] === undefined ? undefined : Number(values['lock-duration']);
  if (lockSeconds !== undefined && !(lockSeconds >= 1 && lockSeconds <= 3600)) throw usage('worker', `--lock-duration must be seconds in [1, 3600], got '${values['lock-duration']}'`);
  const json = values.json === true;
  const print = (line: Record<string, unknown>, text: string): void => {
    process.stdout.write(json ? `${JSON.stringify(line)}\n` : `${text}\n`);
  };
  const worker = await startWorker({
    redis: values.redis,
    ...(values.queue !== undefined ? { queueName: values.queue } : {}),
    ...(concurrency !== undefined ? { concurrency } : {}),
    ...(metricsPort !== undefined ? { metricsPort } : {}),
    ...(values['metrics-host'] !== undefined ? { metricsHost: values['metrics-host'] } : {}),
    ...(lockSeconds !== undefined ? { lockDurationMs: Math.round(lockSeconds * 1000) } : {}),
    onEvent: (event) => print({ ...event }, describe(event)),
  });
  print(
    { type: 'worker', action: 'ready', worker: worker.name, pid: process.pid, ...(worker.metricsUrl ? { metricsUrl: worker.metricsUrl } : {}) },
    `worker ${worker.name} ready (redis ${values.redis})${worker.metricsUrl ? `, metrics at ${worker.metricsUrl}` : ''}`,
  );
  await new Promise<void>((done) => {
    let stopping = false;
    const stop = (): void => {
      if (stopping) {
        print({ type: 'worker', action: 'force-stop', worker: worker.name }, 'stopping now; running tasks will be redone by another worker');
        void worker.close({ force: true });
        return;
      }
      stopping = true;
      print({ type: 'worker', action: 'stopping', worker: worker.name }, 'finishing running tasks (Ctrl-C again to stop now)');
      worker.close().then(done, done);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  print({ type: 'worker', action: 'stopped', worker: worker.name }, 'worker stopped');
  return 0;
}

function describe(event: FarmWorkerEvent): string {
  const what = `${event.kind ?? 'task'} ${event.jobId ?? ''}`.trim();
  switch (event.action) {
    case 'active':
      return `start ${what}${event.attempt !== undefined && event.attempt > 1 ? ` (attempt ${event.attempt})` : ''}`;
    case 'completed':
      return `done  ${what}${event.skipped ? ' (already stored)' : ''} in ${(event.seconds ?? 0).toFixed(1)} s`;
    case 'failed':
      return `fail  ${what}: ${event.message ?? ''}`;
    case 'error':
      return `redis: ${event.message ?? ''}`;
  }
}

function integerOption(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw usage('worker', `${name} must be an integer in ${min}..${max}, got '${value}'`);
  return n;
}
