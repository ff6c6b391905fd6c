import { planUsage, type Plan } from '../../domain/plan-limits';
import type { Queryable } from '../../ports/database';
import type { Dashboard } from '../../schemas/dashboard';
import { countOrchestraAdmins } from '../accounts/count-orchestra-admins';
import { recentAudit } from '../audit/list-audit';
import { countPlanMusicians } from '../musicians/musician-plan';
import { countActiveProjects } from '../projects/count-active-projects';
import { listProjects } from '../projects/read-projects';
import { dashboardFigures } from './dashboard-figures';
import { exhaustedNeeds, failingDeliveryNeeds } from './needs-needing-attention';

/** The admin's start page (SPEC §6): what needs attention now and how the orchestra uses its plan. */
export async function readDashboard(
  db: Queryable,
  control: Queryable,
  orchestra: { id: string; plan: Plan },
  now: Date,
): Promise<Dashboard> {
  const [figures, upcoming, exhausted, failing, recentActivity, musicians, activeProjects, admins] = await Promise.all([
    dashboardFigures(db, now),
    listProjects(db, { when: 'upcoming', includeArchived: false, limit: 5, offset: 0 }, now),
    exhaustedNeeds(db),
    failingDeliveryNeeds(db),
    recentAudit(db, 10),
    countPlanMusicians(db),
    countActiveProjects(db, now),
    countOrchestraAdmins(control, orchestra.id),
  ]);
  return {
    ...figures,
    upcomingProjects: { total: upcoming.total, next: upcoming.items },
    exhaustedNeeds: exhausted,
    failingDeliveryNeeds: failing,
    recentActivity,
    plan: {
      name: orchestra.plan,
      usage: {
        musicians: planUsage(orchestra.plan, 'musicians', musicians),
        activeProjects: planUsage(orchestra.plan, 'activeProjects', activeProjects),
        admins: planUsage(orchestra.plan, 'admins', admins),
      },
    },
  };
}
