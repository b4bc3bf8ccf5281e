import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['floe-source'] },
  ssr: { resolve: { conditions: ['floe-source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'testing/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
