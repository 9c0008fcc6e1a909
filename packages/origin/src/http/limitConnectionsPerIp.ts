import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { sendError } from './sendError.js';

/**
 * Counts open connections per client address and marks those over `max`; requests on a marked connection are
 * answered 503 with `Connection: close` (an HTTP answer, not a reset, so a well-behaved client backs off). One
 * address cannot hold every socket of the origin (slow-loris from one host). Returns the handler to install.
 */
export function limitConnectionsPerIp(
  server: Server,
  max: number,
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  headers: Readonly<Record<string, string>>,
): (req: IncomingMessage, res: ServerResponse) => void {
  const open = new Map<string, number>();
  const over = new WeakSet<Socket>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    const count = (open.get(address) ?? 0) + 1;
    open.set(address, count);
    if (count > max) over.add(socket);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0) open.delete(address);
      else open.set(address, left);
    });
  });
  return (req, res) => {
    if (!over.has(req.socket)) return handler(req, res);
    req.resume();
    sendError(res, 503, headers, { 'Retry-After': '1', Connection: 'close' });
  };
}
