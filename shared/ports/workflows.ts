import type { ProvisionOrchestraInput } from '../schemas/provisioning';

/**
 * Workflows: AWS Step Functions, locally the same ASL run by aws-local-stepfunctions
 * (infra/local/local-workflows.ts). Starting returns at once; progress is read step by step.
 */
export interface WorkflowStepProgress {
  /** The state's name in the ASL, e.g. `CreateDatabase`. */
  step: string;
  status: 'running' | 'succeeded' | 'failed';
  /** ISO 8601 */
  startedAt: string;
  finishedAt?: string;
  /** 1 plus the number of retries. */
  attempts: number;
  error?: string;
  cause?: string;
  /** A step inside a Map state: the iteration (item index) it ran for. */
  iteration?: number;
}

export interface WorkflowExecution {
  executionId: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  startedAt: string;
  finishedAt?: string;
  steps: WorkflowStepProgress[];
  error?: string;
  cause?: string;
}

/** Input of the migrate-all workflow: the run (control table migration_runs) it reports into. */
export interface MigrateAllInput {
  runId: string;
}

/**
 * A rollback-only run of the provisioning workflow, for a run that ended (aborted, timed out, or lost with a
 * restarted local twin) without its own rollback: it undoes what was made, and only while the registry still
 * names `executionId` (this very run) as the orchestra's provisioning run.
 */
export interface ProvisioningRollBackInput {
  rollBack: { orchestraId: string; failedStep: string; cause: string; executionId: string };
}

export interface Workflows {
  /**
   * `executionName` names the execution, so its id (provisioningExecutionId) can be written to the registry
   * before it starts: a run whose start was lost can then be told from one that never started.
   */
  startProvisioning(input: ProvisionOrchestraInput | ProvisioningRollBackInput, options?: { executionName?: string }): Promise<{ executionId: string }>;
  /** The id an execution of the provisioning workflow started under this name has. */
  provisioningExecutionId(executionName: string): string;
  startMigrateAll(input: MigrateAllInput): Promise<{ executionId: string }>;
  /**
   * Where provisioning stores orchestra secrets: the superadmin API registers a new orchestra with its
   * secret's name under this prefix before the workflow's first step runs.
   */
  readonly orchestraSecretPrefix: string;
  /** null for an execution this adapter does not know. */
  describe(executionId: string): Promise<WorkflowExecution | null>;
}
