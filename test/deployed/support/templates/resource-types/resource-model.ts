import type { GeneratedNameRule } from '../physical-names.js';
import type { PlainValue } from '../template-types.js';

/** What a resource type's model may read about one resource while working out its Ref and attributes. */
export interface ResourceContext {
  readonly stack: string;
  readonly logicalId: string;
  readonly type: string;
  readonly account: string;
  readonly region: string;
  readonly partition: string;
  readonly urlSuffix: string;
  /** One top-level property, resolved on demand (so a Ref needs only its name property, not the whole resource). */
  property(name: string): PlainValue | undefined;
  /** The template's name property when it sets one, else the name CloudFormation would generate. */
  nameOr(property: string, rule: GeneratedNameRule): string;
  /** A random-looking, deterministic string for this resource (`purpose` tells its uses apart). */
  token(purpose: string, length: number, alphabet: string): string;
  uuid(purpose: string): string;
  arn(service: string, resource: string, scope?: { region?: string; account?: string }): string;
}

/** A resource's `Ref` and the `Fn::GetAtt` attributes this tier knows for its type, each computed on demand. */
export interface ResourceModel {
  ref(): string;
  attributes: Record<string, () => string>;
  /** Types whose attributes come from somewhere this tier cannot see (a custom resource's handler). */
  unknownAttributes?: 'placeholder' | 'error';
}

export type ResourceModelFactory = (resource: ResourceContext) => ResourceModel;

/** The property as a string, when it is one (names are strings; a number is allowed and stringified). */
export function stringProperty(resource: ResourceContext, name: string): string | undefined {
  const value = resource.property(name);
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** Computes once (a model's name is used by its Ref and by several attributes). */
export function once<T>(compute: () => T): () => T {
  let computed = false;
  let value: T;
  return () => {
    if (!computed) {
      value = compute();
      computed = true;
    }
    return value;
  };
}
