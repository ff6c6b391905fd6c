import { TemplateError } from './template-error.js';
import { intrinsicName, type Template, type TemplateValue } from './template-types.js';

/** The logical names a value refers to through Ref, Fn::GetAtt and Fn::Sub (pseudo parameters left out). */
export function referencedNames(value: TemplateValue): Set<string> {
  const names = new Set<string>();
  const visit = (node: TemplateValue, subVariables: Set<string> = new Set()): void => {
    if (Array.isArray(node)) return node.forEach((item) => visit(item, subVariables));
    if (node === null || typeof node !== 'object') return;
    const fn = intrinsicName(node);
    const argument = fn ? node[fn] : undefined;
    if (fn === 'Ref' && typeof argument === 'string') {
      if (!argument.startsWith('AWS::')) names.add(argument);
      return;
    }
    if (fn === 'Fn::GetAtt') {
      const target = Array.isArray(argument) ? argument[0] : typeof argument === 'string' ? argument.split('.')[0] : undefined;
      if (typeof target === 'string') names.add(target);
      if (Array.isArray(argument)) visit(argument.slice(1));
      return;
    }
    if (fn === 'Fn::Sub') {
      const [text, variables] = Array.isArray(argument) ? argument : [argument, undefined];
      const own = new Set(variables && typeof variables === 'object' && !Array.isArray(variables) ? Object.keys(variables) : []);
      if (variables !== undefined) visit(variables as TemplateValue);
      if (typeof text === 'string') {
        for (const [, inner] of text.matchAll(/\$\{([^}]*)\}/g)) {
          const name = inner.trim().split('.')[0];
          if (!inner.startsWith('!') && !inner.trim().startsWith('AWS::') && !own.has(inner.trim())) names.add(name);
        }
      }
      return;
    }
    Object.values(node).forEach((item) => visit(item, subVariables));
  };
  visit(value);
  return names;
}

/**
 * The checks CloudFormation makes before it creates anything, with its wording: every Ref/GetAtt/Sub names a
 * resource or parameter of the stack, and resources do not depend on each other in a circle.
 */
export function checkStackDependencies(stackName: string, template: Template): void {
  const resources = template.Resources ?? {};
  const parameters = new Set(Object.keys(template.Parameters ?? {}));
  const dependencies = new Map<string, Set<string>>();
  const unresolved: string[] = [];
  for (const [logicalId, resource] of Object.entries(resources)) {
    const names = referencedNames((resource.Properties ?? {}) as TemplateValue);
    const dependsOn = resource.DependsOn === undefined ? [] : ([] as string[]).concat(resource.DependsOn);
    const onResources = new Set<string>();
    for (const name of [...names, ...dependsOn]) {
      if (name in resources) onResources.add(name);
      else if (!parameters.has(name)) unresolved.push(`${name} (in ${logicalId})`);
    }
    dependencies.set(logicalId, onResources);
  }
  for (const [outputId, output] of Object.entries(template.Outputs ?? {})) {
    for (const name of referencedNames(output.Value)) {
      if (!(name in resources) && !parameters.has(name)) unresolved.push(`${name} (in Outputs.${outputId})`);
    }
  }
  if (unresolved.length > 0) {
    throw new TemplateError(
      `${stackName}: Template format error: Unresolved resource dependencies [${unresolved.join(', ')}] in the Resources block of the template`,
    );
  }
  const cycles = stronglyConnectedCycles(dependencies);
  if (cycles.length > 0) {
    throw new TemplateError(
      `${stackName}: ${cycles.map((cycle) => `Circular dependency between resources: [${cycle.join(', ')}]`).join('; ')}`,
    );
  }
}

/** Tarjan's strongly connected components of more than one node (or a node that depends on itself). */
function stronglyConnectedCycles(graph: Map<string, Set<string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const connect = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        connect(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || graph.get(node)?.has(node)) cycles.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) connect(node);
  return cycles;
}
