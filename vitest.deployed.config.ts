import { defineConfig } from 'vitest/config';

/**
 * The deployed tier (`npm run test:deployed`, ARCHITECTURE rule 10a): the synthesized app from a cloud
 * assembly (bundling on), each Lambda asset in its own Node process with its template environment, AWS
 * endpoints served locally and every call checked against the caller's synthesized IAM policies.
 * The global setup runs `cdk synth` once per run; the tier's own parts (`*.test.ts`) and the scenarios
 * (`*.deployed.ts`) read that assembly. Files run one after another: each starts its own processes on 2 cores.
 */
export default defineConfig({
  test: {
    name: 'deployed',
    include: ['test/deployed/**/*.test.ts', 'test/deployed/**/*.deployed.ts'],
    globalSetup: ['test/deployed/support/synth-deployed-app.ts'],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
