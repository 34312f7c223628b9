import { defineConfig } from 'vitest/config';

// End-to-end: the browser shell in headless Chromium (playwright-core, Debian's chromium). One
// file at a time, since each starts a server and a browser on a 2-core machine.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
