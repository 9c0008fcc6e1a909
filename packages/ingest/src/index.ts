export { probe } from './probe.js';
export type { ProbeOptions } from './probe.js';
export { fromFile } from './fromFile.js';
export type { FromFileOptions } from './fromFile.js';
