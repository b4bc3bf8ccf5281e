export * from './artifacts.js';
export * from './common.js';
export { cronProblem } from './cron.js';
export * from './pipeline.js';
export * from './platform.js';
