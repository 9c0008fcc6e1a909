import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const TICKS = 100;

function descendants(pid: number): number[] {
  const out: number[] = [];
  const stack = [pid];
  while (stack.length > 0) {
    const p = stack.pop() as number;
    try {
      const children = readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim();
      for (const child of children ? children.split(/\s+/).map(Number) : []) {
        out.push(child);
        stack.push(child);
      }
    } catch {
      // the process is gone
    }
  }
  return out;
}

/** utime + stime (ticks) of every process below `pid` (the browser this benchmark launched, its renderers, its GPU/utility processes). */
function childTicks(pid: number): number {
  let total = 0;
  for (const p of descendants(pid)) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime + stime, plus cutime + cstime so renderers that exited (closed pages) still count.
      total += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    } catch {
      // gone
    }
  }
  return total;
}

/** Busy and total jiffies of the whole machine from /proc/stat. */
function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const total = values.reduce((a, b) => a + b, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: total - idle, total };
}

/** CPU use over an interval: of this process's children (the browser) and of the whole machine, in cores. */
export interface CpuUse {
  readonly browserCores: number;
  readonly machineCores: number;
  readonly cores: number;
  /** /proc/loadavg 1-minute load at the end of the interval. */
  readonly loadAvg: number;
}

/** Starts measuring; the returned function ends the interval and reports {@link CpuUse}. */
export function measureCpu(): () => CpuUse {
  const started = Date.now();
  const browser0 = childTicks(process.pid);
  const machine0 = machineTicks();
  return () => {
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    const machine1 = machineTicks();
    const cores = cpus().length;
    const share = machine1.total > machine0.total ? (machine1.busy - machine0.busy) / (machine1.total - machine0.total) : 0;
    return {
      browserCores: (childTicks(process.pid) - browser0) / TICKS / seconds,
      machineCores: share * cores,
      cores,
      loadAvg: Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]),
    };
  };
}
