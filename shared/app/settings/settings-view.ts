import { planUsage, type Plan, type PlanUsage } from '../../domain/plan-limits';
import type { Queryable } from '../../ports/database';
import { countOrchestraAdmins } from '../accounts/count-orchestra-admins';
import { countPlanMusicians } from '../musicians/musician-plan';
import { countActiveProjects } from '../projects/count-active-projects';
import { readSettings, type OrchestraSettings } from './read-settings';

export interface SettingsView extends OrchestraSettings {
  /** The orchestra's plan (SPEC §4) and how much of it is used, counted as the limits count (same as the dashboard). */
  plan: { name: Plan; usage: { musicians: PlanUsage; activeProjects: PlanUsage; admins: PlanUsage } };
}

export interface SettingsOrchestra {
  id: string;
  /** The registry's name, standing in if the orchestra has no settings row yet. */
  name: string;
  plan: Plan;
}

export async function settingsView(db: Queryable, control: Queryable, orchestra: SettingsOrchestra, now: Date): Promise<SettingsView> {
  const settings = await readSettings(db, orchestra.name);
  const musicians = await countPlanMusicians(db);
  const activeProjects = await countActiveProjects(db, now);
  const admins = await countOrchestraAdmins(control, orchestra.id);
  return {
    ...settings,
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
