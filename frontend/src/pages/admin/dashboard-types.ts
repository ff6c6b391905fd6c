import type { NeedStatus } from '../../../../shared/domain/need-rules';

/** What GET /api/dashboard answers (shared/schemas/dashboard.ts; restated here so the app imports no server code). */
export interface NeedAttention {
  need: { id: string; code: string; status: NeedStatus; quantity: number };
  project: { id: string; code: string; name: string; startDate: string };
  position: { id: string; name: string };
  instrument: { id: string; name: string };
}
export interface PlanUsage {
  resource: 'musicians' | 'activeProjects' | 'admins';
  used: number;
  limit: number | null;
  warning: boolean;
}
export interface Dashboard {
  musicians: { active: number; inactive: number };
  upcomingProjects: { total: number; next: { id: string; name: string; startDate: string; isoWeek: number }[] };
  pendingRequests: number;
  answerRate: { windowDays: number; sent: number; answered: number; rate: number | null };
  exhaustedNeeds: NeedAttention[];
  failingDeliveryNeeds: (NeedAttention & { failedMessages: number })[];
  recentActivity: { id: number; at: string; actor: { email: string | null }; action: string; entityType: string }[];
  plan: { name: string; usage: Record<'musicians' | 'activeProjects' | 'admins', PlanUsage> };
}
