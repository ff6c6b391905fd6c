import type { AuditItem } from '../app/audit/list-audit';
import type { ProjectView } from '../app/projects/read-projects';
import type { NeedStatus } from '../domain/need-rules';
import type { Plan, PlanUsage } from '../domain/plan-limits';

/** The answer of GET /api/dashboard (it takes no input), shared with the web app. */

export interface NeedAttention {
  need: { id: string; code: string; status: NeedStatus; quantity: number; statusChangedAt: string };
  project: { id: string; code: string; name: string; startDate: string };
  position: { id: string; name: string };
  instrument: { id: string; name: string };
}

export interface FailingDeliveryNeed extends NeedAttention {
  /** Request emails of this need whose delivery failed after the last try. */
  failedMessages: number;
  /** Musicians with a pending request of this need whose address bounces or refuses mail. */
  failingMusicians: { id: string; code: string; name: string; email: string | null }[];
}

export interface Dashboard {
  musicians: { active: number; inactive: number };
  upcomingProjects: { total: number; next: ProjectView[] };
  pendingRequests: number;
  /** Requests sent in the last `windowDays` days and how many of them got a yes or a no; rate is null when none were sent. */
  answerRate: { windowDays: number; sent: number; answered: number; rate: number | null };
  exhaustedNeeds: NeedAttention[];
  failingDeliveryNeeds: FailingDeliveryNeed[];
  /** The last ten audit entries. */
  recentActivity: AuditItem[];
  plan: { name: Plan; usage: { musicians: PlanUsage; activeProjects: PlanUsage; admins: PlanUsage } };
}
