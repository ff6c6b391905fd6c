import type { DeployedTemplates } from '../contracts.js';
import { TemplateError } from './template-error.js';

/** A Step Functions state machine as deployed: its definition with the template's substitutions applied. */
export interface StateMachineSpec {
  stack: string;
  logicalId: string;
  name: string;
  arn: string;
  roleArn: string;
  /** STANDARD or EXPRESS. */
  type: string;
  /** The ASL text Step Functions stores (JSON). */
  definition: string;
  /** The definition's top-level TimeoutSeconds, when it sets one. */
  timeoutSeconds?: number;
  loggingConfiguration?: Record<string, unknown>;
  tracingEnabled: boolean;
}

/**
 * `${key}` placeholders replaced by DefinitionSubstitutions, as CloudFormation does before it creates the state
 * machine; a placeholder with no substitution is left as it is.
 */
export function applyDefinitionSubstitutions(definition: string, substitutions: Record<string, unknown>): string {
  return definition.replace(/\$\{([^}]+)\}/g, (match, key: string) =>
    Object.prototype.hasOwnProperty.call(substitutions, key) ? String(substitutions[key]) : match,
  );
}

export function stateMachines(templates: DeployedTemplates): StateMachineSpec[] {
  return templates.resourcesOfType('AWS::StepFunctions::StateMachine').map((machine) => {
    const where = `${machine.stack}/${machine.logicalId}`;
    const properties = machine.properties;
    let text: string;
    if (typeof properties.DefinitionString === 'string') text = properties.DefinitionString;
    else if (properties.Definition && typeof properties.Definition === 'object') text = JSON.stringify(properties.Definition);
    else throw new TemplateError(`${where}: neither DefinitionString nor Definition (DefinitionS3Location is not read by this tier)`);
    const definition = applyDefinitionSubstitutions(text, properties.DefinitionSubstitutions ?? {});
    let parsed: { TimeoutSeconds?: number };
    try {
      parsed = JSON.parse(definition);
    } catch (error) {
      throw new TemplateError(`${where}: the definition is not JSON after substitutions: ${(error as Error).message}`);
    }
    return {
      stack: machine.stack,
      logicalId: machine.logicalId,
      name: machine.attributes.Name,
      arn: machine.attributes.Arn,
      roleArn: String(properties.RoleArn ?? ''),
      type: String(properties.StateMachineType ?? 'STANDARD'),
      definition,
      ...(typeof parsed.TimeoutSeconds === 'number' ? { timeoutSeconds: parsed.TimeoutSeconds } : {}),
      ...(properties.LoggingConfiguration ? { loggingConfiguration: properties.LoggingConfiguration } : {}),
      tracingEnabled: properties.TracingConfiguration?.Enabled === true,
    };
  });
}
