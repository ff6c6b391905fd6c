/** Shapes the superadmin API answers (docs/api.md, shared/app/superadmin); types only. */
export type OrchestraStatus = 'provisioning' | 'active' | 'suspended' | 'failed' | 'archived';
export type Plan = 'small' | 'medium' | 'institution';

export interface OrchestraRow {
  id: string;
  code: string;
  name: string;
  subdomain: string;
  contactEmail: string;
  plan: Plan;
  status: OrchestraStatus;
  schemaVersion: string | null;
  failedStep: string | null;
  failureCause: string | null;
  createdAt: string;
  activatedAt: string | null;
}

/** What creating an orchestra answers (202), as far as the form reads it. */
export interface ProvisioningStarted {
  orchestra: OrchestraRow;
}

export type OrchestraHealth = { status: 'ok'; latencyMs: number } | { status: 'unreachable'; error: string } | { status: 'not_applicable' };

export interface OrchestraOverview extends OrchestraRow {
  figures: { musicians: number; activeProjects: number; pendingRequests: number; lastActivityAt: string | null; schemaVersion: string | null } | null;
  health: OrchestraHealth;
}

export interface OrchestraList {
  items: OrchestraOverview[];
  total: number;
  totals: { byStatus: Record<OrchestraStatus, number>; musicians: number; activeProjects: number; pendingRequests: number; unreachable: number };
}

export interface WorkflowStep {
  step: string;
  status: 'running' | 'succeeded' | 'failed';
  startedAt: string;
  finishedAt?: string;
  attempts: number;
  error?: string;
  cause?: string;
}

export interface WorkflowExecution {
  executionId: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  startedAt: string;
  finishedAt?: string;
  steps: WorkflowStep[];
  error?: string;
  cause?: string;
}

/** What the orchestra's provisioning ran with, and provisioning it again uses unless changed (shared/app/superadmin/provisioning-inputs.ts). */
export interface ProvisioningInputs {
  adminEmail: string;
  adminName: string | null;
  restoreFrom: string | null;
}

export interface OrchestraDetail extends OrchestraOverview {
  admins: number;
  provisioning: WorkflowExecution | null;
  provisionedWith: ProvisioningInputs;
}

export interface OrchestraAdmin {
  id: string;
  email: string;
  name: string;
  active: boolean;
  passwordSet: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

export interface MigrationOverview {
  latestVersion: string | null;
  migrations: { version: string; name: string }[];
  orchestras: { id: string; code: string; name: string; subdomain: string; status: OrchestraStatus; schemaVersion: string | null; upToDate: boolean }[];
  behind: number;
  runs: MigrationRunSummary[];
}

export interface MigrationRunSummary {
  id: string;
  status: 'running' | 'succeeded' | 'failed';
  targetVersion: string | null;
  startedAt: string;
  finishedAt: string | null;
}

export interface MigrationRunResult {
  orchestraId: string;
  code: string;
  name: string;
  subdomain: string;
  status: 'succeeded' | 'failed';
  fromVersion: string | null;
  toVersion: string | null;
  applied: string[];
  error: string | null;
}

/** What GET /api/superadmin/migrations/runs/{id} answers: the run with each orchestra's result. */
export type MigrationRunDetail = MigrationRunSummary & { results: MigrationRunResult[]; succeeded: number; failed: number };

/** One backup as GET …/orchestras/{id}/backups lists it (shared/app/superadmin/list-backups.ts). */
export interface OrchestraBackup {
  key: string;
  sizeBytes: number;
  createdAt: string;
  createdBy: { userId: string; email: string; name: string } | null;
}

/** What POST …/orchestras/{id}/backup answers (shared/app/superadmin/back-up-orchestra.ts). */
export interface BackupMade {
  key: string;
  sizeBytes: number;
  schemaVersion: string | null;
  tables: { name: string; rows: number }[];
}
