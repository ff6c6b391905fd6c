import type { BaseEnvironment } from '../constructs/api-function';
import type { StageConfig } from '../stage-config';

/** The environment every function of a stage starts from; `use…` methods on ApiFunction add the rest. */
export function functionEnvironment(config: StageConfig): BaseEnvironment {
  return {
    STAGE: config.stage,
    // Without a domain, tenancy has no apex to resolve against; the placeholder keeps the functions
    // starting (health, superadmin login on the apex) until a domain is configured.
    BASE_DOMAIN: config.domainName ?? 'example.com',
    LOG_LEVEL: config.logLevel,
  };
}
