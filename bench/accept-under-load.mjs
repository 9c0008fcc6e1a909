// How fast a saturated node:http server accepts a burst of new connections (evidence for docs/benchmarks.md, issue 6).
// A bare node:http server (one 3 KB body, no logic) runs on CPU 0; wrk opens 1,000 connections at once from CPU 1 and
// keeps them busy. The server logs when it accepted every 100th connection; the kernel's accept queue length is read
// with `ss` each second. On Node 20 (libuv 1.46) the event loop takes one pending connection per turn, and a turn of a
// saturated server lasts tens of ms, so the queued connections wait seconds: that, not request handling, is the p99.
// Usage: node bench/accept-under-load.mjs [--seconds 8] [--connections 1000]   (needs wrk and taskset)
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

const arg = (name, fallback) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback);

if (process.argv[2] === '--child') {
  const body = Buffer.alloc(3000, 0x41);
  const started = performance.now();
  const marks = [];
  let accepted = 0;
  const server = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/vnd.apple.mpegurl', 'Content-Length': body.length, 'Cache-Control': 'no-cache' });
    res.end(body);
  });
  server.on('connection', () => {
    accepted += 1;
    if (accepted % 100 === 0) marks.push(`${accepted} by ${((performance.now() - started) / 1000).toFixed(2)} s`);
  });
  server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => process.send({ port: server.address().port }));
  process.on('message', () => {
    process.send({ marks, accepted });
    process.exit(0);
  });
} else {
  const seconds = Number(arg('--seconds', 8));
  const connections = Number(arg('--connections', 1000));
  const child = spawn('taskset', ['-c', '0', process.execPath, fileURLToPath(import.meta.url), '--child'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const { port } = await new Promise((resolve) => child.once('message', resolve));
  const wrk = spawn('taskset', ['-c', '1', 'wrk', '-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '10s', '--latency', `http://127.0.0.1:${port}/`], { stdio: ['ignore', 'pipe', 'inherit'] });
  let report = '';
  wrk.stdout.on('data', (chunk) => (report += chunk));
  const queue = [];
  const timer = setInterval(() => {
    const line = spawnSync('ss', ['-ltnH', `sport = :${port}`], { encoding: 'utf8' }).stdout.trim().split(/\s+/);
    queue.push(line[1] ?? '?');
  }, 1000);
  await new Promise((resolve) => wrk.once('exit', resolve));
  clearInterval(timer);
  child.send('report');
  const { marks, accepted } = await new Promise((resolve) => child.once('message', resolve));
  const pick = (re) => re.exec(report)?.[1] ?? '?';
  console.log(`node ${process.version}, libuv ${process.versions.uv}; ${connections} connections, ${seconds} s`);
  console.log(`requests/s ${pick(/Requests\/sec:\s+([\d.]+)/)}, p50 ${pick(/50%\s+(\S+)/)}, p99 ${pick(/99%\s+(\S+)/)}`);
  console.log(`accepted ${accepted}: ${marks.join(', ')}`);
  console.log(`connections waiting in the kernel's accept queue, each second: ${queue.join(', ')}`);
}
