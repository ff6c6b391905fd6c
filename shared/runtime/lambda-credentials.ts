import { fromEnv } from '@aws-sdk/credential-providers';

/**
 * Stands in for `@aws-sdk/credential-provider-node` in Lambda bundles (an esbuild alias, see
 * infra/constructs/lambda-bundling.ts). Lambda hands a function its role's credentials in the environment,
 * which is the first place the full Node chain looks; the rest of that chain (profiles, SSO, web identity,
 * instance metadata) never applies in Lambda and costs ~90 KB of bundled nested clients in every function.
 */
export const defaultProvider = (): ReturnType<typeof fromEnv> => fromEnv();
