import type { ObjectRequest, ObjectType } from '../manifest/Presentation.js';
import { fetchText } from './fetchBytes.js';

/**
 * Fetches a text object (playlist, MPD, WebVTT) through a request shaper (CMCD `ot` = `objectType`) when one is
 * given, else plainly.
 */
export function fetchObject(request: ObjectRequest | undefined, url: string, objectType: ObjectType, signal?: AbortSignal): Promise<{ text: string; url: string }> {
  const shaped = request?.(url, objectType);
  return shaped ? fetchText(shaped.url, signal, shaped.headers) : fetchText(url, signal);
}
