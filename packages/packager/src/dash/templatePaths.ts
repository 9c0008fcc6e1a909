import { OttError } from '@ott/core';
import type { RenditionRecord } from '../manifest/RenditionRecord.js';
import { relativeUri } from '../manifest/relativeUri.js';

/** The `initialization` and `media` attributes of a representation's `SegmentTemplate`. */
export interface TemplatePaths {
  readonly initialization: string;
  readonly media: string;
}

const NUMBERED = /^(.*?)(\d+)(\.[^./]*)?$/;

/**
 * Derives the `SegmentTemplate` URLs of a rendition from its stored paths (relative to the MPD): the folder named
 * after the rendition becomes `$RepresentationID$`, the zero-padded segment number `$Number%0Nd$`. Every segment
 * path is checked against the template, because a template that does not reproduce them would send players to
 * missing files. Literal `$` is escaped as `$$` (ISO/IEC 23009-1 §5.3.9.4.4).
 */
export function templatePaths(rendition: RenditionRecord, mpdPath: string): TemplatePaths {
  const first = rendition.segments[0];
  if (first === undefined) throw failure(rendition, 'it has no segments');
  const folder = `${encodeURIComponent(rendition.renditionId)}/`;
  const withId = (uri: string): string =>
    uri.startsWith(folder) ? `$RepresentationID$/${escape(uri.slice(folder.length))}` : escape(uri);
  const firstUri = relativeUri(mpdPath, first.path);
  const match = NUMBERED.exec(firstUri);
  const digits = match?.[2];
  if (match === undefined || match === null || digits === undefined || Number(digits) !== first.number) {
    throw failure(rendition, `segment path "${first.path}" does not end with its number ${first.number}`);
  }
  const width = digits.length;
  const prefix = match[1] ?? '';
  const suffix = match[3] ?? '';
  for (const segment of rendition.segments) {
    const expected = `${prefix}${String(segment.number).padStart(width, '0')}${suffix}`;
    if (relativeUri(mpdPath, segment.path) !== expected) {
      throw failure(rendition, `segment path "${segment.path}" does not follow "${prefix}<number>${suffix}"`);
    }
  }
  const numberField = width > 1 ? `$Number%0${width}d$` : '$Number$';
  return {
    initialization: withId(relativeUri(mpdPath, rendition.initPath)),
    media: `${withId(prefix)}${numberField}${escape(suffix)}`,
  };
}

function escape(uri: string): string {
  return uri.replace(/\$/g, '$$$$');
}

function failure(rendition: RenditionRecord, reason: string): OttError {
  return new OttError(
    'PACKAGE_FAILED',
    `Cannot describe rendition "${rendition.renditionId}" with a DASH SegmentTemplate: ${reason}. ` +
      'Segments must be named <prefix><number><suffix> with one numbering per rendition.',
    { stage: 'packager', details: { renditionId: rendition.renditionId } },
  );
}
