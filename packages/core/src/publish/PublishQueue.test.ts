import { describe, expect, it } from 'vitest';
import { Backpressure } from '../flow/Backpressure.js';
import { PublishQueue } from './PublishQueue.js';
import type { PublishTask } from './PublishQueue.js';

interface Task extends PublishTask {
  readonly name: string;
}

/** A queue whose tasks finish when the test says so. */
function harness(concurrency: number) {
  const pending = new Map<string, { resolve: () => void; reject: (error: unknown) => void }>();
  const log: string[] = [];
  const queue = new PublishQueue<Task>(concurrency, {
    run: (task) =>
      new Promise<void>((resolve, reject) => {
        log.push(`start ${task.name}`);
        pending.set(task.name, { resolve, reject });
      }),
    published: (task) => log.push(`published ${task.name}`),
    failed: (task, error) => log.push(`failed ${task.name}: ${String(error)}`),
  });
  const finish = async (name: string, error?: unknown): Promise<void> => {
    const entry = pending.get(name);
    if (entry === undefined) throw new Error(`${name} has not started`);
    if (error === undefined) entry.resolve();
    else entry.reject(error);
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { queue, log, finish };
}

const file = (name: string, bytes = 10, flow?: Backpressure): Task => ({ name, barrier: false, bytes, flow });
const manifest = (name: string): Task => ({ name, barrier: true, bytes: 0 });

describe('PublishQueue', () => {
  it('runs files side by side, a manifest only after every file before it, and publishes in arrival order', async () => {
    const { queue, log, finish } = harness(2);
    for (const task of [file('a'), file('b'), file('c'), manifest('m'), file('d')]) queue.push(task);
    expect(log).toEqual(['start a', 'start b']);
    await finish('b');
    expect(log.slice(2)).toEqual(['start c']); // b is stored but waits for a before it is published
    await finish('a');
    expect(log.slice(3)).toEqual(['published a', 'published b']);
    await finish('c');
    // A file after the manifest may be stored while the manifest is (the manifest does not list it).
    expect(log.slice(5)).toEqual(['published c', 'start m', 'start d']);
    await finish('d');
    expect(log.slice(8)).toEqual([]); // d waits for m to be published first
    await finish('m');
    expect(log.slice(8)).toEqual(['published m', 'published d']);
    expect(queue.idle).toBe(true);
  });

  it('counts bytes on the flow until published, and releases them all on stop', async () => {
    const flow = new Backpressure({ highWaterBytes: 25, lowWaterBytes: 5 });
    const { queue, finish } = harness(1);
    queue.push(file('a', 10, flow));
    queue.push(file('b', 10, flow));
    queue.push(file('c', 10, flow));
    expect(flow.paused).toBe(true);
    await finish('a');
    expect(flow.paused).toBe(true); // 20 bytes still wait: above the low-water mark
    queue.stop();
    expect(flow.paused).toBe(false);
    await finish('b'); // settling after stop calls no hook and counts nothing twice
    expect(flow.paused).toBe(false);
  });

  it('hands a failed task to the hook, and hold() returns the tasks not started', async () => {
    const { queue, log, finish } = harness(1);
    for (const task of [file('a'), file('b'), manifest('m')]) queue.push(task);
    const held: string[] = [];
    await finish('a', 'disk on fire');
    expect(log).toContain('failed a: disk on fire');
    expect(log).toContain('start b');
    held.push(...queue.hold().map((task) => task.name));
    expect(held).toEqual(['m']);
    await finish('b');
    expect(log.at(-1)).toBe('published b');
    queue.push(file('c'));
    expect(log.at(-1)).toBe('published b'); // holding: c waits
    queue.resume();
    expect(log.at(-1)).toBe('start c');
  });

  it('turns a synchronous throw of the adapter into a failure', async () => {
    const failures: unknown[] = [];
    const queue = new PublishQueue<Task>(2, {
      run: () => {
        throw new Error('bad path');
      },
      published: () => undefined,
      failed: (_task, error) => failures.push(error),
    });
    queue.push(file('a'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(failures).toHaveLength(1);
    expect(queue.idle).toBe(true);
  });
});
