// Hostile RTMP clients for the live adversarial test, in their own process (so its file-descriptor limit, not the
// test runner's, counts): `partial` clients finish the handshake and leave a video message of `declared` bytes
// (default 250,000: just under the server's 256 KiB pre-publish budget, the most it must hold) unfinished with 192 KiB
// of it sent, and `idle` clients only connect. (A message declaring more than the budget, 16 MiB say, is refused at its
// first byte: that case is in rtmp.adversarial.test.ts.)
// Prints one JSON line {"type":"ready",...} when all are connected; closes them all and exits on SIGTERM or stdin end.
// Usage: node rtmpAttackers.mjs <port> <partial> <idle> [declared]
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';

const [port, partialCount, idleCount, declared = 250_000] = process.argv.slice(2).map(Number);
const HANDSHAKE = 1536;
const sockets = [];

function open() {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
    sockets.push(socket);
  });
}

async function partial() {
  const socket = await open();
  socket.on('error', () => undefined);
  await new Promise((resolve) => {
    let received = 0;
    const onData = (data) => {
      received += data.length;
      if (received < 1 + 2 * HANDSHAKE) return;
      socket.off('data', onData);
      resolve();
    };
    socket.on('data', onData);
    socket.write(Buffer.concat([Buffer.of(3), Buffer.alloc(8), randomBytes(HANDSHAKE - 8)]));
  });
  socket.write(Buffer.alloc(HANDSHAKE)); // C2 (the server does not check its echo)
  socket.write(Buffer.from([2, 0, 0, 0, 0, 0, 4, 1, 0, 0, 0, 0, 0x00, 0x01, 0x00, 0x00])); // Set Chunk Size 65536
  const header = Buffer.alloc(12);
  header[0] = 4; // fmt 0, chunk stream 4
  header.writeUIntBE(declared, 4, 3); // message length
  header[7] = 9; // video
  header.writeUInt32LE(1, 8);
  const chunk = Buffer.alloc(65536, 0x17);
  socket.write(Buffer.concat([header, chunk, Buffer.of(0xc4), chunk, Buffer.of(0xc4), chunk]));
  socket.on('data', () => undefined);
}

async function idle() {
  const socket = await open();
  socket.on('error', () => undefined);
}

const closedEarly = () => sockets.filter((s) => s.destroyed || s.readyState !== 'open').length;
try {
  for (let i = 0; i < partialCount; i += 20) await Promise.all(Array.from({ length: Math.min(20, partialCount - i) }, partial));
  for (let i = 0; i < idleCount; i += 100) await Promise.all(Array.from({ length: Math.min(100, idleCount - i) }, idle));
  await new Promise((r) => setTimeout(r, 500));
  process.stdout.write(`${JSON.stringify({ type: 'ready', sockets: sockets.length, closedByServer: closedEarly() })}\n`);
} catch (error) {
  process.stdout.write(`${JSON.stringify({ type: 'error', message: String(error) })}\n`);
}

const stop = () => {
  process.stdout.write(`${JSON.stringify({ type: 'stopping', closedByServer: closedEarly() })}\n`);
  for (const socket of sockets) socket.destroy();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
