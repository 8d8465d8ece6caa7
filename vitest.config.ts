import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Playwright specs live in e2e/ and must not be picked up here.
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    environment: 'node',
    benchmark: { include: ['bench/**/*.bench.ts'] },
  },
});
