import { defineConfig } from 'vitest/config';

/**
 * The deployed tier (`npm run test:deployed`, ARCHITECTURE rule 10a): the synthesized app from a cloud
 * assembly (bundling on), each Lambda asset in its own Node process with its template environment, AWS
 * endpoints served locally and every call checked against the caller's synthesized IAM policies.
 * `deployed-parts` checks the tier's own pieces (`*.test.ts`); `deployed` runs the scenarios (`*.deployed.ts`)
 * on one `cdk synth` per run. Files run one after another: each starts its own processes on 2 cores.
 */
export default defineConfig({
  test: {
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 300_000,
    projects: [
      { extends: true, test: { name: 'deployed-parts', include: ['test/deployed/**/*.test.ts'] } },
      {
        extends: true,
        test: { name: 'deployed', include: ['test/deployed/**/*.deployed.ts'], globalSetup: ['test/deployed/support/synth-deployed-app.ts'] },
      },
    ],
  },
});
