/** The tier's IAM: principals behind access keys, the policies from the templates, and the evaluator. */
export { createCredentialIssuer, type IssueOptions, type LocalCredentialIssuer } from './credential-issuer.js';
export { createAuthorizer, type AuthorizerOptions } from './authorizer.js';
export { policiesFromTemplates } from './policies-from-templates.js';
export type { NamedPolicy, PolicyDocument, PolicySource, PolicyStatement, RolePolicies } from './policy-source.js';
