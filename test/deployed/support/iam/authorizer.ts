import { runSimulation, type RequestAnalysis, type RunSimulationResults } from '@cloud-copilot/iam-simulate';
import { AccessDeniedError, localAccount, type Authorizer, type AwsCall, type Decision } from '../contracts.js';
import { explainDecision } from './decision-explanation.js';
import { iamRequestContext } from './iam-request-context.js';
import type { NamedPolicy, PolicySource, RolePolicies } from './policy-source.js';
import { contextForSimulator, policyForSimulator } from './simulator-key-aliases.js';

/** Actions whose resource is a role and whose resource-based policy is that role's trust policy. */
const roleAssumingActions = new Set(['sts:assumerole', 'sts:tagsession', 'sts:setsourceidentity']);

export interface AuthorizerOptions {
  onDecision?(decision: Decision): void;
  /** The clock behind `aws:CurrentTime` / `aws:EpochTime`. */
  now?: () => Date;
}

/**
 * IAM for the tier: each call is evaluated by @cloud-copilot/iam-simulate against the principal's role's identity
 * policies and the resource's policy (bucket, secret, KMS key, or the assumed role's trust policy), same-account
 * semantics: an identity Allow suffices unless a resource policy denies; a trust policy must name the caller or its
 * account; an explicit Deny anywhere wins.
 */
export function createAuthorizer(policies: PolicySource, options: AuthorizerOptions = {}): Authorizer {
  const now = options.now ?? (() => new Date());
  const decisions: Decision[] = [];

  async function decide(call: AwsCall): Promise<Decision> {
    const deny = (explanation: string): Decision => ({ call, allowed: false, explanation: `${call.principal.label}: ${explanation}` });
    const role = policies.role(call.principal.roleArn);
    if (!role) return deny(`no role ${call.principal.roleArn} in the templates, so no policy allows anything`);

    let resourcePolicy: NamedPolicy | undefined;
    let trustingRole: RolePolicies | undefined;
    if (roleAssumingActions.has(call.action.toLowerCase())) {
      trustingRole = policies.role(call.resource);
      if (!trustingRole) return deny(`${call.action} on ${call.resource}: no such role in the templates`);
      resourcePolicy = { name: 'trust policy', description: `trust policy of role ${trustingRole.roleName}`, document: trustingRole.trustPolicy };
    } else {
      resourcePolicy = policies.resourcePolicy(call.resource);
    }

    const context = contextForSimulator(iamRequestContext(call, role, now()));
    let results: RunSimulationResults;
    try {
      results = await runSimulation(
        {
          request: {
            principal: call.principal.arn,
            action: call.action,
            resource: { resource: call.resource, accountId: accountOf(call.resource) },
            contextVariables: context,
          },
          identityPolicies: role.identityPolicies.map((p) => ({ name: p.name, policy: policyForSimulator(p.document) })),
          serviceControlPolicies: [],
          resourceControlPolicies: [],
          resourcePolicy: resourcePolicy && policyForSimulator(resourcePolicy.document),
        },
        {},
      );
    } catch (error) {
      return deny(`the IAM simulator could not evaluate ${call.action} on ${call.resource}: ${(error as Error).message}`);
    }
    if (results.resultType === 'error') {
      return deny(`the IAM simulator refused ${call.action} on ${call.resource}: ${results.errors.message} ${JSON.stringify(results.errors)}`);
    }

    const single = results.resultType === 'single' ? results.result : decisiveOf(results.results, results.overallResult);
    if (!single) return { call, allowed: results.overallResult === 'Allowed', explanation: `${call.principal.label}: no policy statement covers ${call.resource}` };
    const callKeys = new Set(Object.keys(call.context));
    const analysis: RequestAnalysis = { ...single.analysis, result: results.overallResult };
    const explanation = explainDecision({
      call,
      role,
      analysis,
      resourcePolicy,
      trustingRole,
      ignoredCallKeys: (single.ignoredContextKeys ?? []).filter((k) => callKeys.has(k)),
      context,
    });
    return { call, allowed: results.overallResult === 'Allowed', explanation };
  }

  return {
    async authorize(call) {
      const decision = await decide(call);
      decisions.push(decision);
      options.onDecision?.(decision);
      if (!decision.allowed) throw new AccessDeniedError(decision);
    },
    decisions,
    denials: () => decisions.filter((d) => !d.allowed),
  };
}

/** For a wildcard resource the simulator runs one evaluation per matching pattern; the deciding one explains. */
function decisiveOf<T extends { analysis: RequestAnalysis }>(results: T[], overall: RequestAnalysis['result']): T | undefined {
  return results.find((r) => r.analysis.result === overall) ?? results[0];
}

/** The account a resource belongs to; S3 ARNs and `*` name none, and every resource here is the local account's. */
function accountOf(resourceArn: string): string {
  return resourceArn.split(':')[4] || localAccount;
}
