/** The cloud assembly reader (templates/ in contracts.ts) and its typed readers. */
export { loadDeployedTemplates, type LoadOptions } from './load-deployed-templates.js';
export { TemplateError, CircularDependencyError } from './template-error.js';
export { apiRoutes, type ApiRoute } from './api-routes.js';
export { stateMachines, applyDefinitionSubstitutions, type StateMachineSpec } from './state-machines.js';
export { scheduleTargets, type ScheduledRule, type RuleTarget } from './schedule-targets.js';
export { snsSubscriptions, type SnsSubscription } from './sns-subscriptions.js';
export { customResources, asCloudFormationSendsThem, type CustomResourceSpec } from './custom-resources.js';
export { lambdaPermissions, type LambdaPermission } from './lambda-permissions.js';
export {
  distribution,
  bucketDeployments,
  type DistributionSpec,
  type DistributionOrigin,
  type CacheBehavior,
  type FunctionAssociation,
  type BucketDeployment,
} from './distribution.js';
export { secretsToCreate, type SecretToCreate, type GenerateSecretString, type SecretTargetAttachmentFields } from './secrets-to-create.js';
export { secretArnSuffix } from './physical-names.js';
