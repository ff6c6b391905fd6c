/** What each plan allows (SPEC §4). `null` means unlimited. */
export type Plan = 'small' | 'medium' | 'institution';
export type LimitedResource = 'musicians' | 'activeProjects' | 'admins';

export const planLimits: Record<Plan, Record<LimitedResource, number | null>> = {
  small: { musicians: 50, activeProjects: 5, admins: 2 },
  medium: { musicians: 200, activeProjects: 20, admins: 5 },
  institution: { musicians: null, activeProjects: null, admins: null },
};

/** From this share of a limit on, the admin sees a warning. */
export const planWarningShare = 0.8;

export interface PlanUsage {
  resource: LimitedResource;
  used: number;
  limit: number | null;
  /** True from 80 % of the limit on. */
  warning: boolean;
}

export function planUsage(plan: Plan, resource: LimitedResource, used: number): PlanUsage {
  const limit = planLimits[plan][resource];
  return { resource, used, limit, warning: limit !== null && used >= Math.ceil(limit * planWarningShare) };
}

/**
 * Whether `adding` more fit under the plan with `used` already taken. Returns the human reason when not,
 * e.g. "The small plan allows 50 musicians; this orchestra has 50."
 */
export function planRefusal(plan: Plan, resource: LimitedResource, used: number, adding = 1): string | undefined {
  const limit = planLimits[plan][resource];
  if (limit === null || used + adding <= limit) return undefined;
  const noun = { musicians: 'musicians', activeProjects: 'active projects', admins: 'admins' }[resource];
  const wouldBe = adding > 1 ? ` and ${adding} more would make ${used + adding}` : '';
  return `The ${plan} plan allows ${limit} ${noun}; this orchestra has ${used}${wouldBe}.`;
}
