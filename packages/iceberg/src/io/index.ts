export * from './azure.js';
export * from './file-io.js';
export * from './gcs.js';
export * from './local.js';
export * from './memory.js';
export * from './registry.js';
export * from './relocated.js';
export * from './s3.js';
