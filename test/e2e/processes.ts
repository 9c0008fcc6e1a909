import { spawn } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Runs a command; resolves with its stdout as bytes (rejects with stderr's tail on failure). */
export function run(command: string, args: readonly string[], stdin?: Uint8Array): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolvePromise(Buffer.concat(out)) : reject(new Error(`${command} exited ${code}: ${err.slice(-800)}`))));
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin === undefined ? undefined : Buffer.from(stdin));
  });
}

/** init + segments back to back, as `cat init.mp4 seg*.m4s` would. */
export async function catRendition(dir: string): Promise<Buffer> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.m4s')).sort();
  return Buffer.concat([await readFile(join(dir, 'init.mp4')), ...(await Promise.all(files.map((f) => readFile(join(dir, f)))))]);
}
