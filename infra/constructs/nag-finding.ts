import { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * The id cdk-nag gives a wildcard resource finding (`AwsSolutions-IAM5[Resource::…]`), computed from the
 * same value the policy holds, so an acknowledgment follows renames instead of hard-coding logical ids.
 * cdk-nag flattens the resolved CloudFormation value: `Ref` → `<Name>`, `Fn::GetAtt` → `<Name.Attr>`,
 * `Fn::Join` joined, and an IAM policy variable `${aws:…}` → `<aws:…>`. Only use it for values made in `scope`'s own stack: cross-stack references are
 * rewritten to imports after construction.
 */
export function wildcardResourceFinding(scope: IConstruct, resource: string): string {
  return `AwsSolutions-IAM5[Resource::${flatten(Stack.of(scope).resolve(resource))}]`;
}

function flatten(node: unknown): string {
  if (typeof node === 'string') return node.replace(/\$\{([^}]+)\}/g, '<$1>');
  if (node && typeof node === 'object') {
    const value = node as Record<string, unknown>;
    if ('Fn::Join' in value) {
      const [delimiter, items] = value['Fn::Join'] as [string, unknown[]];
      return items.map(flatten).join(delimiter);
    }
    if ('Ref' in value) return `<${flatten(value.Ref)}>`;
    if ('Fn::GetAtt' in value) {
      const [name, attribute] = value['Fn::GetAtt'] as [unknown, unknown];
      return `<${flatten(name)}.${flatten(attribute)}>`;
    }
  }
  throw new Error(`cannot compute a cdk-nag finding id for ${JSON.stringify(node)}`);
}
