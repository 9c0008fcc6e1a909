const pool = new BufferPool();
readMp4File('in.mp4', { pool }).pipe(segmentCmaf(), writeManifests(), toFolder('out', { pool })).subscribe();

export {};
