-- Control database: what the superadmin's workflows need to be followed after they were started (SPEC §4).
-- The provisioning execution of each orchestra, and the runs of the migrate-all workflow with one result
-- per orchestra, so the superadmin sees progress and the report after the execution has ended.

ALTER TABLE orchestras ADD COLUMN provisioning_execution_id text;

CREATE TABLE migration_runs (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  execution_id     text,                                     -- Step Functions execution ARN (or local run id)
  started_by       uuid REFERENCES users (id),
  target_version   text,                                     -- the newest orchestra migration when started
  status           text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed')),
  started_at       timestamptz NOT NULL DEFAULT now(),
  finished_at      timestamptz
);
CREATE INDEX migration_runs_started ON migration_runs (started_at);

CREATE TABLE migration_run_results (
  run_id           uuid NOT NULL REFERENCES migration_runs (id),
  orchestra_id     uuid NOT NULL REFERENCES orchestras (id),
  status           text NOT NULL CHECK (status IN ('succeeded', 'failed')),
  from_version     text,
  to_version       text,
  applied          jsonb NOT NULL DEFAULT '[]'::jsonb,       -- migration file names applied by this run
  error            text,
  finished_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (run_id, orchestra_id)
);

CREATE INDEX audit_log_at ON audit_log (at);
