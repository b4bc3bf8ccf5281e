export * from './compiler/index.js';
export * from './config/index.js';
export * from './errors/index.js';
export * from './json-schema/index.js';
export * from './project/index.js';
export * from './secrets/index.js';
export * from './validate/index.js';
export { FLOE_VERSION } from './version.js';
