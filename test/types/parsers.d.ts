// Minimal typings for the reference parsers the tests use as independent readers (they ship no .d.ts).
declare module 'm3u8-parser' {
  export class Parser {
    push(chunk: string): void;
    end(): void;
    manifest: unknown;
  }
}

declare module 'mpd-parser' {
  export function parse(manifest: string, options?: { manifestUri?: string }): unknown;
}
