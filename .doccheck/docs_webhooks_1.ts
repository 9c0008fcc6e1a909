  live.items
    .pipe(transcodeLive(ladder), packageLive(), toFolder(dir), notifyWebhooks(hooks, { streamKey, recordingPath: dir }))
    .subscribe();
  
export {};
