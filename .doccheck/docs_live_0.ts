const srt = createSrtIngest({ url: 'srt://127.0.0.1:9000?mode=listener&streamid=cam1&passphrase=a-long-secret' });
srt.streams.subscribe((stream) => stream.items.pipe(transcodeLive(ladder), packageLive(), toFolder(`out/${stream.streamKey}`, { live: true })).subscribe());
srt.start(); // subscribe first: the stream is announced when data first flows

export {};
