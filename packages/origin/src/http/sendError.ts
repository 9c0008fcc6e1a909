import type { ServerResponse } from 'node:http';
import { ERROR_CSP } from './securityHeaders.js';

const TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * Ends `res` with a short plain-text error. The body never echoes the request or a file system path (no reflected
 * content, no layout leak); `no-store` keeps a 404 of a live segment that is about to appear out of CDN caches.
 */
export function sendError(res: ServerResponse, status: number, baseHeaders: Readonly<Record<string, string>>, extra: Readonly<Record<string, string>> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = `${status} ${TEXT[status] ?? 'Error'}\n`;
  res.writeHead(status, {
    ...baseHeaders,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    'Cache-Control': 'no-store',
    'Content-Security-Policy': ERROR_CSP,
    ...extra,
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}
