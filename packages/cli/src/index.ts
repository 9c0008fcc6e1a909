export { main } from './main.js';
export { vodPipeline, gopFor } from './commands/vodPipeline.js';
export type { VodPipelineOptions } from './commands/vodPipeline.js';
