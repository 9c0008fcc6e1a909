import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OttError } from '@ott/core';
import type { WorkerMetrics } from './WorkerMetrics.js';

/** A running metrics endpoint. */
export interface MetricsServer {
  /** e.g. `http://127.0.0.1:9464/metrics`. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves `GET /metrics` (Prometheus text format 0.0.4) from a tiny `node:http` server; anything else is 404.
 * Port 0 picks a free port (see `url`).
 */
export function startMetricsServer(metrics: WorkerMetrics, port: number, host = '127.0.0.1'): Promise<MetricsServer> {
  const server = createServer((req, res) => {
    if (req.method === 'GET' && (req.url ?? '').split('?')[0] === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' });
      res.end(metrics.render());
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found: GET /metrics\n');
  });
  return new Promise((resolve, reject) => {
    server.once('error', (error) => {
      reject(new OttError('QUEUE_UNAVAILABLE', `The worker metrics endpoint cannot listen on ${host}:${port}: ${error.message}. Pick another metrics port.`, { stage: 'transcode', cause: error }));
    });
    server.listen(port, host, () => {
      const address = server.address() as AddressInfo;
      const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({
        url: `http://${shown}:${address.port}/metrics`,
        close: () => new Promise<void>((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
      });
    });
  });
}
