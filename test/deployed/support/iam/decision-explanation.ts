import { getDenialReasons, getGrantReasons, type ConditionExplain, type RequestAnalysis, type ResourceExplain, type ConditionValueExplain } from '@cloud-copilot/iam-simulate';
import type { AwsCall } from '../contracts.js';
import type { NamedPolicy, RolePolicies } from './policy-source.js';
import { simulatorConditionKey } from './simulator-key-aliases.js';
import { statementsOf } from './policy-source.js';

type StatementAnalysis = NonNullable<RequestAnalysis['identityAnalysis']>['unmatchedStatements'][number];

/** What the explanation needs besides the simulator's analysis. */
export interface ExplanationInput {
  call: AwsCall;
  role: RolePolicies;
  analysis: RequestAnalysis;
  /** The resource-based policy evaluated with the call: a bucket or secret policy, or the target role's trust policy. */
  resourcePolicy?: NamedPolicy;
  /** The role the call assumes, when the resource policy is its trust policy. */
  trustingRole?: RolePolicies;
  /** Keys of the call's own context the simulator set aside because they do not apply to the action. */
  ignoredCallKeys: string[];
  /** What was sent to the simulator, to quote a key's value when the analysis does not. */
  context: Record<string, string | string[]>;
}

/** A sentence for a human: which statement allowed the call, or why none did and which came closest. */
export function explainDecision(input: ExplanationInput): string {
  const { call, analysis } = input;
  const who = `${call.principal.label}`;
  if (analysis.result === 'Allowed') return `${who}: ${explainGrant(input)}`;
  if (analysis.result === 'ExplicitlyDenied') return `${who}: ${explainExplicitDenial(input)}`;
  return `${who}: ${explainImplicitDenial(input)}`;
}

function explainGrant(input: ExplanationInput): string {
  const grants = getGrantReasons(input.analysis).map((grant) =>
    grant.policyType === 'resource'
      ? `${statementName(grant.statementId, grant.statementIndex)} of ${input.resourcePolicy?.description ?? 'the resource policy'}`
      : `${statementName(grant.statementId, grant.statementIndex)} of ${policyDescription(input, 'policyIdentifier' in grant ? grant.policyIdentifier : undefined)}`,
  );
  let text = `allowed by ${grants.join(' and ') || 'its policies'}`;
  if (input.trustingRole && input.analysis.resourceAnalysis?.result === 'AllowedForAccount') {
    text += `; role ${input.trustingRole.roleName}'s trust policy trusts the account, which leaves the decision to the caller's identity policies`;
  }
  return text;
}

function explainExplicitDenial(input: ExplanationInput): string {
  const denials = getDenialReasons(input.analysis).flatMap((denial) => {
    if (denial.denialType !== 'Explicit') return [];
    const where = denial.policyType === 'resource' ? (input.resourcePolicy?.description ?? 'the resource policy') : policyDescription(input, denial.policyIdentifier);
    return [`${statementName(denial.statementId, denial.statementIndex)} of ${where}`];
  });
  return `${input.call.action} on ${input.call.resource} is explicitly denied by ${denials.join(' and ') || 'a Deny statement'} (an explicit Deny wins over every Allow)`;
}

function explainImplicitDenial(input: ExplanationInput): string {
  const { call, role, analysis } = input;
  const reasons: string[] = [];
  const identityAllows = analysis.identityAnalysis?.result === 'Allowed';
  const resourceResult = analysis.resourceAnalysis?.result;

  if (!identityAllows && resourceResult !== 'Allowed') {
    let reason = `no statement in role ${role.roleName}'s policies allows ${call.action} on ${call.resource}`;
    const closest = closestStatements(input, analysis.identityAnalysis?.unmatchedStatements ?? [], (s) => policyDescription(input, s.policyId));
    if (closest.length) reason += `; ${closest.join('; ')}`;
    else reason += ` (no statement of its ${role.identityPolicies.length} policies names ${call.action})`;
    if (role.unresolvedManagedPolicyArns.length) reason += ` (the role also attaches ${role.unresolvedManagedPolicyArns.join(', ')}, unknown to this tier)`;
    reasons.push(reason);
  }
  if (input.trustingRole && resourceResult !== 'Allowed' && resourceResult !== 'AllowedForAccount') {
    let reason = `role ${input.trustingRole.roleName}'s trust policy does not let ${call.principal.arn} ${call.action}`;
    const closest = closestStatements(input, analysis.resourceAnalysis?.unmatchedStatements ?? [], () => `the trust policy`);
    if (closest.length) reason += `; ${closest.join('; ')}`;
    reasons.push(reason);
  } else if (input.resourcePolicy && !input.trustingRole && identityAllows && resourceResult !== 'NotApplicable') {
    reasons.push(`the identity policies allow it but ${input.resourcePolicy.description} does not`);
  }
  if (!reasons.length) reasons.push(`denied (simulator: identity ${analysis.identityAnalysis?.result}, resource ${resourceResult}, blocked by ${analysis.blockedBy?.join(', ') ?? 'nothing named'})`);
  if (input.ignoredCallKeys.length) {
    reasons.push(`the call's condition keys ${input.ignoredCallKeys.join(', ')} do not apply to ${call.action} and were not evaluated`);
  }
  return reasons.join('; ');
}

/** Allow statements nearest to matching: action, resource and principal matched but a condition failed; else the action matched only. */
function closestStatements(input: ExplanationInput, statements: StatementAnalysis[], where: (s: StatementAnalysis) => string): string[] {
  const allows = statements.filter((s) => s.explain.effect === 'Allow');
  const principalMatches = (s: StatementAnalysis) => s.explain.principalMatch !== 'NoMatch';
  const conditionFailures = allows.filter((s) => s.explain.actionMatch && s.explain.resourceMatch && principalMatches(s) && !s.explain.conditionMatch);
  if (conditionFailures.length) {
    return conditionFailures.map((s) => {
      const failed = (s.explain.conditions ?? []).filter((c) => !c.matches).map((c) => conditionText(input, s, c));
      return `${label(s)} (${where(s)}) matched the action and resource but its condition ${failed.join(' and ')}`;
    });
  }
  const principalMisses = allows.filter((s) => s.explain.actionMatch && !principalMatches(s));
  if (principalMisses.length) {
    return principalMisses.map((s) => `${label(s)} (${where(s)}) names the action but trusts only ${principalsText(s)}`);
  }
  const resourceMisses = allows.filter((s) => s.explain.actionMatch && !s.explain.resourceMatch);
  return resourceMisses.map((s) => `${label(s)} (${where(s)}) grants ${input.call.action} only on ${resourcesText(s.explain.resources ?? s.explain.notResources)}`);
}

function conditionText(input: ExplanationInput, statement: StatementAnalysis, condition: ConditionExplain): string {
  const key = originalConditionKey(input, statement, condition.conditionKeyValue);
  const values = ([condition.values].flat() as ConditionValueExplain[]).map((v) =>
    v.resolvedValue !== undefined && v.resolvedValue !== v.value ? `${v.value} (= '${v.resolvedValue}')` : v.value,
  );
  const head = `${condition.operator} ${key} = ${values.join(' or ')}`;
  if (condition.failedBecauseMissing) return `${head} failed: the request has no ${key}`;
  if (condition.failedBecauseArray) return `${head} failed: ${key} is multi-valued here and the operator expects one value`;
  const actual = condition.resolvedConditionKeyValue ?? contextValue(input.context, condition.conditionKeyValue);
  return `${head} failed against ${actual === undefined ? 'nothing' : quote(actual)}`;
}

/** The key as the template wrote it (the simulator saw some under another name, see simulator-key-aliases). */
function originalConditionKey(input: ExplanationInput, statement: StatementAnalysis, simulatorKey: string): string {
  const document =
    input.role.identityPolicies.find((p) => p.name === statement.policyId)?.document ??
    input.resourcePolicy?.document ??
    input.trustingRole?.trustPolicy;
  const original = document ? statementsOf(document)[statement.statement.index() - 1] : undefined;
  const conditions = (original?.Condition ?? {}) as Record<string, Record<string, unknown>>;
  for (const keys of Object.values(conditions)) {
    for (const key of Object.keys(keys)) if (simulatorConditionKey(key).toLowerCase() === simulatorKey.toLowerCase()) return key;
  }
  return simulatorKey;
}

function contextValue(context: Record<string, string | string[]>, key: string): string | string[] | undefined {
  const found = Object.keys(context).find((k) => k.toLowerCase() === key.toLowerCase());
  return found === undefined ? undefined : context[found];
}

function quote(value: string | string[]): string {
  return Array.isArray(value) ? `[${value.map((v) => `'${v}'`).join(', ')}]` : `'${value}'`;
}

function label(s: StatementAnalysis): string {
  return statementName(s.statement.sid(), s.statement.index());
}

function statementName(sid: string | undefined, index: number): string {
  return sid ? `statement ${sid}` : `statement #${index}`;
}

function policyDescription(input: ExplanationInput, name: string | undefined): string {
  return input.role.identityPolicies.find((p) => p.name === name)?.description ?? (name ? `policy ${name}` : 'a policy');
}

function resourcesText(resources: ResourceExplain | ResourceExplain[] | undefined): string {
  return [resources ?? []].flat().map((r) => r.resource).join(', ') || '(none)';
}

function principalsText(s: StatementAnalysis): string {
  return [s.explain.principals ?? []].flat().map((p) => p.principal).join(', ') || '(no principal)';
}
