import type { conflictModes } from '../../../../shared/schemas/settings';

export type ConflictMode = (typeof conflictModes)[number];
type Resource = 'musicians' | 'activeProjects' | 'admins';

/** What GET/PATCH /api/settings answer (shared/app/settings/settings-view.ts; restated so the app imports no server code). */
export interface Settings {
  orchestraName: string;
  reminderPercent: number;
  conflictMode: ConflictMode;
  timeZone: string;
  senderName: string;
  replyTo: string | null;
  updatedAt: string | null;
  plan: { name: string; usage: Record<Resource, { resource: Resource; used: number; limit: number | null; warning: boolean }> };
}
