import { request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';

/** A response read whole (test helper). */
export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/**
 * Sends one request with the path exactly as given (no URL normalisation, unlike `fetch`), so tests can send
 * `..`, `%2e%2e` and backslashes the way an attacker would. Test helper, not exported by the package.
 */
export function rawRequest(port: number, path: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      // eslint-disable-next-line no-restricted-properties -- test helper: small response bodies, read once
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
