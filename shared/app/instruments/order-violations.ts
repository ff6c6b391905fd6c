import { orderViolations as violationsOf } from '../../domain/order-violations';
import type { FieldError } from '../../http/errors';

/** An instrument or position order must name every current (non-archived) one exactly once. */
export function orderViolations(field: string, noun: string, current: readonly string[], proposed: readonly string[]): FieldError[] {
  return violationsOf(field, current, proposed, {
    duplicate: `names ${noun}s more than once`,
    unknown: `names ${noun}s that are not in this order (unknown or archived)`,
    missing: `leaves out ${noun}s`,
  });
}
