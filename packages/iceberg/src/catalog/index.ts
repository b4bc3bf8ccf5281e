export * from './catalog.js';
export * from './loader.js';
export * from './memory.js';
export * from './metadata-builder.js';
export * from './metadata-files.js';
export * from './project.js';
export * from './rest/index.js';
export * from './sql/index.js';
