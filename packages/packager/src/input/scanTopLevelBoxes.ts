import type { FileHandle } from 'node:fs/promises';
import { OttError } from '@ott/core';

/** A top-level box of a file, located by its header only. */
export interface TopLevelBox {
  readonly type: string;
  readonly offset: number;
  readonly size: number;
  readonly headerSize: number;
}

/**
 * Lists the top-level boxes of an MP4 file by reading only their headers (16 bytes each). Stops after the first
 * `moof` (fragmented input is then streamed).
 */
export async function scanTopLevelBoxes(file: FileHandle, fileSize: number, path: string): Promise<TopLevelBox[]> {
  const boxes: TopLevelBox[] = [];
  const header = Buffer.alloc(16);
  let offset = 0;
  while (offset < fileSize) {
    if (fileSize - offset < 8) {
      throw invalid(`${path}: ${fileSize - offset} stray bytes at offset ${offset} after the last box; the file is truncated or corrupt. Re-export it or remux with ffmpeg -c copy.`);
    }
    const { bytesRead } = await file.read(header, 0, 16, offset);
    let size = header.readUInt32BE(0);
    const type = header.toString('latin1', 4, 8);
    let headerSize = 8;
    if (size === 1) {
      if (bytesRead < 16) throw invalid(`${path}: box '${type}' at ${offset} is cut inside its header; the file is truncated.`);
      size = Number(header.readBigUInt64BE(8));
      headerSize = 16;
    } else if (size === 0) {
      size = fileSize - offset;
    }
    if (size < headerSize) throw invalid(`${path}: box '${type}' at ${offset} declares size ${size}; the file is corrupt.`);
    if (offset + size > fileSize) {
      throw invalid(
        `${path}: box '${type}' at offset ${offset} needs ${size} bytes but the file ends after ${fileSize - offset}; the file is truncated (an interrupted download or recording?). Re-download it or remux what is left with ffmpeg.`,
      );
    }
    boxes.push({ type, offset, size, headerSize });
    if (type === 'moof') break;
    offset += size;
  }
  return boxes;
}

function invalid(message: string): OttError {
  return new OttError('PACKAGE_INVALID_INPUT', message, { stage: 'packager' });
}
