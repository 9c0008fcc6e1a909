import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';

/** A running `rtsp-streaming-server` (npm): publishers ANNOUNCE on `publishPort`, clients pull from `clientPort`. */
export interface TestRtspServer {
  readonly publishPort: number;
  readonly clientPort: number;
  stop(): Promise<void>;
}

// Runs in a child process so the test can stop it (the package has no stop()). Its TCP servers and RTP sockets are
// bound to 127.0.0.1 only: the package listens on every interface by default, so listen/bind are narrowed here.
const SCRIPT = `
const net = require('node:net');
const dgram = require('node:dgram');
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (port, ...rest) {
  if (typeof port === 'number') return listen.call(this, port, '127.0.0.1', ...rest.filter((a) => typeof a === 'function'));
  return listen.call(this, port, ...rest);
};
const bind = dgram.Socket.prototype.bind;
dgram.Socket.prototype.bind = function (port, ...rest) {
  if (typeof port === 'number') return bind.call(this, port, '127.0.0.1', ...rest.filter((a) => typeof a === 'function'));
  return bind.call(this, port, ...rest);
};
const RtspServer = require(process.env.RTSP_SERVER_MODULE).default;
const [serverPort, clientPort, rtpPortStart] = process.argv.slice(1).map(Number);
new RtspServer({ serverPort, clientPort, rtpPortStart, rtpPortCount: 200 }).start().then(() => process.stdout.write('ready\\n'));
`;

/**
 * Starts `rtsp-streaming-server` on 127.0.0.1 (UDP transport only, per shared/NOTES.md) and resolves once it listens.
 *
 * @example
 * ```ts
 * const rtsp = await startRtspServer(await freePort(), await freePort());
 * // ffmpeg -re -i in.mp4 -c copy -f rtsp -rtsp_transport udp rtsp://127.0.0.1:${rtsp.publishPort}/cam
 * // pull: rtsp://127.0.0.1:${rtsp.clientPort}/cam
 * await rtsp.stop();
 * ```
 */
export function startRtspServer(publishPort: number, clientPort: number): Promise<TestRtspServer> {
  const module = createRequire(import.meta.url).resolve('rtsp-streaming-server');
  const rtpPortStart = 30_000 + (publishPort % 10_000) * 2; // 200 ports from here, apart for distinct publish ports
  const child: ChildProcess = spawn(process.execPath, ['-e', SCRIPT, String(publishPort), String(clientPort), String(rtpPortStart)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, RTSP_SERVER_MODULE: module },
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`rtsp-streaming-server exited early (${String(code)})`)));
    child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      if (!text.includes('ready')) return;
      resolve({
        publishPort,
        clientPort,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('close', () => done());
            child.kill('SIGKILL');
          }),
      });
    });
  });
}
