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

export interface OrchestraDetail extends OrchestraOverview {
  admins: number;
  provisioning: WorkflowExecution | null;
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
  orchestras: { id: string; code: string; name: string; subdomain: string; status: string; schemaVersion: string | null; upToDate: boolean }[];
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
