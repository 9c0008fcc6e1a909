import { isOttError, OttError } from '@ott/core';

try {
  throw new OttError('INPUT_UNREADABLE', 'cannot open in.mp4: check the path', { stage: 'ingest' });
} catch (error) {
  if (isOttError(error)) console.error(error.code, error.stage, error.fatal, error.message);
}
