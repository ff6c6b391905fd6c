/**
 * A template this tier cannot resolve the way CloudFormation would deploy it. The message names the stack,
 * the resource and the property path, and quotes CloudFormation's own wording where it has one.
 */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
}

/** A chain of values that each need the next one, ending where it began (the message lists the chain). */
export class CircularDependencyError extends TemplateError {
  constructor(readonly chain: string[]) {
    super(`Circular dependency: ${chain.join(' → ')}`);
  }
}
