/** The raw shapes of a cloud assembly's CloudFormation templates, as `cdk synth` writes them. */

export type TemplateValue = null | boolean | number | string | TemplateValue[] | { [key: string]: TemplateValue };

export interface TemplateResource {
  Type: string;
  Properties?: Record<string, TemplateValue>;
  Condition?: string;
  DependsOn?: string | string[];
  Metadata?: Record<string, TemplateValue>;
}

export interface TemplateParameter {
  Type: string;
  Default?: string | number;
}

export interface TemplateOutput {
  Value: TemplateValue;
  Condition?: string;
  Export?: { Name: TemplateValue };
}

export interface TemplateRule {
  RuleCondition?: TemplateValue;
  Assertions?: { Assert: TemplateValue; AssertDescription?: string }[];
}

export interface Template {
  Parameters?: Record<string, TemplateParameter>;
  Mappings?: Record<string, Record<string, Record<string, TemplateValue>>>;
  Conditions?: Record<string, TemplateValue>;
  Rules?: Record<string, TemplateRule>;
  Resources: Record<string, TemplateResource>;
  Outputs?: Record<string, TemplateOutput>;
}

/** A value once intrinsics are resolved: plain JSON. */
export type PlainValue = null | boolean | number | string | PlainValue[] | { [key: string]: PlainValue };

/** The key of an object that is an intrinsic function call, when it is one (`{ "Ref": … }`, `{ "Fn::Join": … }`). */
export function intrinsicName(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const key = keys[0];
  return key === 'Ref' || key.startsWith('Fn::') ? key : undefined;
}
