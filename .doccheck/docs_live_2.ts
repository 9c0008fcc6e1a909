// examples/live-package.ts — npx tsx examples/live-package.ts input.ts out/live (an MPEG-TS file as the publisher)
of(publisher).pipe(
  transcodeLive(parseLadderSpec('360p,audio'), { segmentSeconds: 2, partSeconds: 0.5 }),
  packageLive({ segmentDuration: 2, partTarget: 0.5, dvrWindowSeconds: 60 }),
  toFolder('out/live', { live: true }),
).subscribe((event) => console.log(event.type));

export {};
