/** What GET /api/audit answers (shared/app/audit/list-audit.ts; restated so the app imports no server code). */
export interface AuditItem {
  id: number;
  at: string;
  actor: { userId: string | null; email: string | null };
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}
