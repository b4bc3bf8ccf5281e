export * from './catalog/index.js';
export * from './errors.js';
export * from './io/index.js';
export * from './json.js';
export * from './spec/index.js';
