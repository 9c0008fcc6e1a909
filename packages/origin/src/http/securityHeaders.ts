/**
 * Headers on every response. `nosniff` stops a browser from running a segment or playlist as script or HTML;
 * `Cross-Origin-Resource-Policy: cross-origin` lets players on other origins (also under COEP) load the media;
 * error bodies are plain text under a CSP that allows nothing.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'cross-origin',
  'X-Frame-Options': 'SAMEORIGIN',
};

/** CSP of error responses (and of anything that is not the player page). */
export const ERROR_CSP = "default-src 'none'; frame-ancestors 'none'";
