import solid from 'vite-plugin-solid';
import { defineConfig } from 'vitest/config';

/**
 * Test tiers (ARCHITECTURE.md), one vitest project each; `npm test` runs them all.
 * Tests live under test/<tier>/. Tiers that need PostgreSQL share one embedded server per run
 * (test/support/global-postgres.ts); each test file gets its own fresh database cloned from a template.
 */
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'domain', include: ['test/domain/**/*.test.ts'] } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/support/global-postgres.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'workflow',
          include: ['test/workflow/**/*.test.ts'],
          globalSetup: ['test/support/global-postgres.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        plugins: [solid()],
        test: { name: 'frontend', include: ['test/frontend/**/*.test.tsx'], environment: 'jsdom', setupFiles: ['test/frontend/admin-texts-setup.ts'] },
      },
      { test: { name: 'infra', include: ['test/infra/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 } },
    ],
  },
});
