import { defineConfig } from 'vitest/config';

/**
 * The end-to-end tier (`npm run test:e2e`): the product as `npm start` runs it, driven by playwright-core in
 * Debian's chromium. Files run one after another: they share one product and one machine of 2 cores.
 */
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['test/e2e/**/*.e2e.ts'],
    globalSetup: ['test/e2e/support/local-product.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // A browser page needs more than expect.poll's default second on a loaded 2-core machine.
    expect: { poll: { timeout: 20_000, interval: 100 } },
  },
});
