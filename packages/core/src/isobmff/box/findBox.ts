import type { Box, BoxMap, ParentBox } from './Box.js';

/** The first child of `parent` (or in a box list) of the given type, typed by {@link BoxMap}. */
export function findBox<K extends keyof BoxMap>(parent: ParentBox | readonly Box[] | undefined, type: K): BoxMap[K] | undefined {
  if (parent === undefined) return undefined;
  const list = Array.isArray(parent) ? (parent as readonly Box[]) : (parent as ParentBox).children;
  for (const box of list) if (box.type === type && !isOpaqueKnown(box)) return box as BoxMap[K];
  return undefined;
}

/** All children of the given type. */
export function findBoxes<K extends keyof BoxMap>(parent: ParentBox | readonly Box[] | undefined, type: K): BoxMap[K][] {
  if (parent === undefined) return [];
  const list = Array.isArray(parent) ? (parent as readonly Box[]) : (parent as ParentBox).children;
  return list.filter((box) => box.type === type && !isOpaqueKnown(box)) as BoxMap[K][];
}

/** Follows a path of types from a parent, e.g. `findPath(moov, 'trak', 'mdia', 'mdhd')` (first match at each level). */
export function findPath(parent: ParentBox | readonly Box[] | undefined, ...types: readonly (keyof BoxMap)[]): Box | undefined {
  let current: Box | readonly Box[] | undefined = parent as Box | readonly Box[] | undefined;
  for (const type of types) {
    if (current === undefined) return undefined;
    if (!Array.isArray(current) && !('children' in (current as object))) return undefined;
    current = findBox(current as ParentBox | readonly Box[], type);
  }
  return current as Box | undefined;
}

// An opaque box whose type is a known one (read with a custom reader table) has no parsed fields.
function isOpaqueKnown(box: Box): boolean {
  return 'data' in box && box.type !== 'mdat' && Object.keys(box).length === 2;
}
