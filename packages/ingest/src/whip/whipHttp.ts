import type { IncomingMessage, ServerResponse } from 'node:http';

/** Largest SDP offer read (a browser offer is 3–10 KB). */
export const MAX_OFFER_BYTES = 128 * 1024;

/**
 * CORS headers on every WHIP response, so a page on another origin can publish (RFC 9725 §4.2 allows OPTIONS for
 * CORS pre-flight). `Location` must be exposed or a cross-origin page cannot learn the session URL to DELETE.
 */
export function setCorsHeaders(res: ServerResponse, allowOrigin: string, req: IncomingMessage): void {
  res.setHeader('Access-Control-Allow-Origin', allowOrigin);
  if (allowOrigin !== '*') res.setHeader('Vary', 'Origin');
  res.setHeader('Access-Control-Expose-Headers', 'Location, Link, Accept-Post, Allow');
  if (req.method === 'OPTIONS') {
    res.setHeader('Access-Control-Allow-Methods', 'POST, DELETE, PATCH, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, If-Match');
    res.setHeader('Access-Control-Max-Age', '600');
  }
}

/** Ends a response with a status and a one-line plain-text reason. */
export function sendText(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = `${message}\n`;
  res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
  res.end(body);
}

/** The token of an `Authorization: Bearer <token>` header (RFC 9725 §4.5, RFC 6750 §2.1), if any. */
export function readBearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

/** True when the request body is declared as SDP (`application/sdp`, parameters ignored). */
export function isSdpContentType(req: IncomingMessage): boolean {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/sdp';
}

/**
 * Reads the body as UTF-8, or `undefined` when it exceeds `limit` bytes: at once when `Content-Length` says so (nothing
 * is read), else once the bytes received pass the limit (the rest is not read; the caller answers with
 * `Connection: close`).
 */
export async function readBody(req: IncomingMessage, limit = MAX_OFFER_BYTES): Promise<string | undefined> {
  if (Number(req.headers['content-length'] ?? 0) > limit) return undefined;
  return new Promise((resolve, reject) => {
    const decoder = new TextDecoder();
    let text = '';
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) {
        text += decoder.decode(chunk, { stream: true });
        return;
      }
      // Over the limit: read no more (the socket stays paused until the 413 with Connection: close ends it).
      req.off('data', onData);
      req.pause();
      resolve(undefined);
    };
    req.on('data', onData);
    req.once('end', () => resolve(size > limit ? undefined : text + decoder.decode()));
    req.once('error', reject);
  });
}
