/**
 * What makes a need valid (SPEC §2 and §3.2), as pure rules: the zod schemas use them for the body alone,
 * the use cases use them again with the facts only the database knows (the list, what was already sent,
 * how many accepted).
 */
export const needStrategies = ['sequential', 'parallel', 'first_come'] as const;
export type NeedStrategy = (typeof needStrategies)[number];

export const needStatuses = ['active', 'paused', 'filled', 'exhausted', 'archived'] as const;
export type NeedStatus = (typeof needStatuses)[number];

export const responseHoursLimits = { min: 1, max: 4500, default: 48 } as const;
/** No orchestra seats more of one position in one project; a larger number is a typo. */
export const maxQuantity = 500;
/** No ranking list holds more musicians (PUT …/order takes at most 5000), so a larger wave is a typo. */
export const maxRecipientsLimit = 5000;

export interface RuleViolation {
  field: string;
  message: string;
}

export interface NeedSettings {
  quantity: number;
  strategy: NeedStrategy;
  /** first_come only: size of one wave; null = everyone eligible. */
  maxRecipients: number | null;
  responseHours: number;
}

/** The rules a need's own settings must keep, whatever the database holds. */
export function needSettingsViolations(need: NeedSettings): RuleViolation[] {
  const violations: RuleViolation[] = [];
  const quantityOk = Number.isInteger(need.quantity) && need.quantity >= 1 && need.quantity <= maxQuantity;
  if (!quantityOk) violations.push({ field: 'quantity', message: `must be a whole number from 1 to ${maxQuantity}` });
  if (!needStrategies.includes(need.strategy)) {
    violations.push({ field: 'strategy', message: `must be one of ${needStrategies.join(', ')}` });
  }
  const { min, max } = responseHoursLimits;
  if (!Number.isInteger(need.responseHours) || need.responseHours < min || need.responseHours > max) {
    violations.push({ field: 'responseHours', message: `must be a whole number of hours from ${min} to ${max}` });
  }
  if (need.maxRecipients !== null) {
    if (need.strategy !== 'first_come') {
      violations.push({ field: 'maxRecipients', message: 'only applies to the first_come strategy; leave it empty' });
    } else if (!Number.isInteger(need.maxRecipients) || need.maxRecipients < 1) {
      violations.push({ field: 'maxRecipients', message: 'must be a whole number, or empty for everyone eligible' });
    } else if (need.maxRecipients > maxRecipientsLimit) {
      violations.push({ field: 'maxRecipients', message: `must be at most ${maxRecipientsLimit}` });
    } else if (quantityOk && need.maxRecipients < need.quantity) {
      violations.push({ field: 'maxRecipients', message: `must be at least the quantity (${need.quantity}), or empty for everyone eligible` });
    }
  }
  return violations;
}

export type RankingListKind = 'A' | 'B' | 'C' | 'custom';

export interface ListFacts {
  positionId: string;
  kind: RankingListKind;
  /** Set for custom lists: the project the list was made for. */
  projectId: string | null;
  archived: boolean;
}

/** A need asks from a list of its own position, and a custom list only serves the project it was made for. */
export function needListViolations(need: { positionId: string; projectId: string }, list: ListFacts): RuleViolation[] {
  if (list.positionId !== need.positionId) return [{ field: 'listId', message: "is a list of another position than the need's" }];
  if (list.kind === 'custom' && list.projectId !== need.projectId) return [{ field: 'listId', message: 'is a custom list of another project' }];
  if (list.archived) return [{ field: 'listId', message: 'is archived' }];
  return [];
}

export interface NeedFacts {
  code: string;
  positionId: string;
  listId: string;
  strategy: NeedStrategy;
  /** When the first request for the need went out; null while nothing was sent. */
  firstSentAt: string | null;
  accepted: number;
}

export interface NeedChange {
  positionId: string;
  listId: string;
  strategy: NeedStrategy;
  quantity: number;
}

export interface NeedRefusal {
  code: 'need_locked' | 'quantity_below_accepted';
  message: string;
}

/**
 * What a change may not do to a need that is under way (SPEC §3.5): once a request is out, the musicians
 * were chosen by this strategy from this list, so both stay; and seats already accepted cannot be taken away
 * by lowering the quantity (withdraw a musician instead).
 */
export function needChangeRefusals(current: NeedFacts, next: NeedChange): NeedRefusal[] {
  const refusals: NeedRefusal[] = [];
  if (current.firstSentAt !== null) {
    const changed = [
      next.positionId !== current.positionId && 'position',
      next.listId !== current.listId && 'list',
      next.strategy !== current.strategy && 'strategy',
    ].filter((x): x is string => Boolean(x));
    if (changed.length > 0) {
      refusals.push({
        code: 'need_locked',
        message: `${current.code} has already sent requests, so its strategy, list and position can no longer change (tried to change ${changed.join(', ')}).`,
      });
    }
  }
  if (next.quantity < current.accepted) {
    refusals.push({
      code: 'quantity_below_accepted',
      message: `${current.code} already has ${current.accepted} accepted musician${current.accepted === 1 ? '' : 's'}; the quantity cannot go below ${current.accepted}. Withdraw a musician first.`,
    });
  }
  return refusals;
}

/**
 * A quantity change moves a need between open and filled (SPEC §3.5: raising Q on a filled need reopens
 * it). Paused and archived needs keep their status: resuming decides then.
 */
export function statusAfterQuantityChange(status: NeedStatus, accepted: number, quantity: number): NeedStatus {
  if (status === 'filled' && accepted < quantity) return 'active';
  if ((status === 'active' || status === 'exhausted') && accepted >= quantity) return 'filled';
  return status;
}
