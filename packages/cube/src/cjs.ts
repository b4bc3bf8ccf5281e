import { createRequire } from 'node:module';

/** Cube's packages are CommonJS; loading them through `require` behaves the same under Node, tsx and vitest. */
export const requireCjs = createRequire(import.meta.url);
