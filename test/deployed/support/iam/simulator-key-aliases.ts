import type { PolicyDocument } from './policy-source.js';

/**
 * iam-simulate (through iam-data) knows Secrets Manager's documented `secretsmanager:ResourceTag/tag-key` only as
 * that literal name, not as a pattern: a request carrying `secretsmanager:ResourceTag/orchestra-id` makes
 * runSimulation throw "Condition key … not found", and a policy condition on it always sees the key missing.
 * Secrets Manager documents it as the secret's tags, the same values as `aws:ResourceTag/<key>`, so both the
 * policy and the request are handed to the simulator under the global key; explanations show the original.
 */
const unsupportedTagKey = /^secretsmanager:ResourceTag\//i;
const simulatorTagKey = 'aws:ResourceTag/';

export function simulatorConditionKey(key: string): string {
  return key.replace(unsupportedTagKey, simulatorTagKey);
}

/** The document with its condition keys renamed for the simulator (a copy; the source stays as synthesized). */
export function policyForSimulator(document: PolicyDocument): PolicyDocument {
  const statements = [document.Statement].flat().map((statement) => {
    const condition = statement.Condition as Record<string, Record<string, unknown>> | undefined;
    if (!condition) return statement;
    const renamed = Object.fromEntries(
      Object.entries(condition).map(([operator, keys]) => [operator, Object.fromEntries(Object.entries(keys).map(([k, v]) => [simulatorConditionKey(k), v]))]),
    );
    return { ...statement, Condition: renamed };
  });
  return { ...document, Statement: Array.isArray(document.Statement) ? statements : statements[0]! };
}

/** The request's condition keys renamed the same way (the global key wins where both are given). */
export function contextForSimulator(context: Record<string, string | string[]>): Record<string, string | string[]> {
  const renamed: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(context)) {
    const simulatorKey = simulatorConditionKey(key);
    if (simulatorKey === key || !(simulatorKey in context)) renamed[simulatorKey] = value;
  }
  return renamed;
}
