#!/usr/bin/env node
import { main } from './main.js';
import { tuneAllocatorForServers } from './report/tuneAllocator.js';

// `ott live` is a long-running server facing the network: memory freed after a burst of clients must go back.
if (process.argv[2] === 'live') tuneAllocatorForServers();

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`ott: internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
