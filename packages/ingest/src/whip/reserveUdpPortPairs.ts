import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';

const ATTEMPTS = 40;

/**
 * Finds `count` pairs of free UDP ports (even RTP port, RTP + 1 for RTCP: the convention ffmpeg's `sdp` demuxer
 * follows, RFC 3550 §11) on `address`. The ports are probed by binding and then released for ffmpeg to bind: another
 * process could take one in between, in which case ffmpeg fails to start and the session ends with a warning.
 */
export async function reserveUdpPortPairs(count: number, address = '127.0.0.1'): Promise<number[]> {
  const held: Socket[] = [];
  const bases: number[] = [];
  try {
    for (let attempt = 0; attempt < ATTEMPTS && bases.length < count; attempt += 1) {
      const probe = await bind(address, 0);
      const port = (probe.address().port & ~1) >>> 0;
      probe.close();
      if (port < 1024 || port > 65534) continue;
      const pair = await Promise.all([bind(address, port).catch(() => undefined), bind(address, port + 1).catch(() => undefined)]);
      for (const socket of pair) if (socket) held.push(socket);
      if (pair[0] && pair[1]) bases.push(port);
    }
  } finally {
    for (const socket of held) socket.close();
  }
  if (bases.length < count) throw new Error(`Found only ${bases.length} of ${count} free UDP port pairs on ${address}.`);
  return bases;
}

function bind(address: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', (error) => {
      socket.close();
      reject(error);
    });
    socket.bind(port, address, () => resolve(socket));
  });
}
