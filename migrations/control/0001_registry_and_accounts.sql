-- Control database: the orchestra registry and the accounts that administer it (SPEC §4, §5).
-- Plain PostgreSQL that runs on Aurora PostgreSQL 17 and on the embedded PostgreSQL 17.

CREATE TABLE orchestras (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code             text NOT NULL UNIQUE,                     -- human code ORCH001…, never reused
  name             text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  subdomain        text NOT NULL UNIQUE CHECK (subdomain ~ '^[a-z0-9-]{2,40}$'),
  contact_email    text NOT NULL,
  plan             text NOT NULL DEFAULT 'small' CHECK (plan IN ('small', 'medium', 'institution')),
  status           text NOT NULL DEFAULT 'provisioning'
                     CHECK (status IN ('provisioning', 'active', 'suspended', 'failed', 'archived')),
  database_name    text NOT NULL UNIQUE,
  secret_ref       text NOT NULL UNIQUE,                     -- name (locally) or ARN (AWS) of its credentials secret
  schema_version   text,                                     -- last orchestra migration applied, e.g. 0003
  failed_step      text,
  failure_cause    text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  activated_at     timestamptz,
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE SEQUENCE orchestra_code_seq;

CREATE TABLE users (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email            text NOT NULL CHECK (email = lower(btrim(email)) AND email LIKE '%_@_%'),
  name             text NOT NULL DEFAULT '',
  password_hash    text,                                     -- NULL until an invited user sets a password
  role             text NOT NULL CHECK (role IN ('superadmin', 'admin')),
  orchestra_id     uuid REFERENCES orchestras (id),
  active           boolean NOT NULL DEFAULT true,
  created_at       timestamptz NOT NULL DEFAULT now(),
  last_login_at    timestamptz,
  CONSTRAINT users_role_orchestra CHECK ((role = 'superadmin') = (orchestra_id IS NULL))
);
-- One account per email and orchestra; superadmins are unique by email alone.
CREATE UNIQUE INDEX users_email_per_orchestra ON users (email, coalesce(orchestra_id, '00000000-0000-0000-0000-000000000000'::uuid));

-- Server-side half of a session: the signed cookie names a row here, so logout and deactivation end it.
CREATE TABLE sessions (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id          uuid NOT NULL REFERENCES users (id),
  orchestra_id     uuid REFERENCES orchestras (id),          -- NULL: a superadmin session on the apex host
  created_at       timestamptz NOT NULL DEFAULT now(),
  expires_at       timestamptz NOT NULL,
  revoked_at       timestamptz
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Login throttling lives in the database so that every Lambda instance sees the same counts.
CREATE TABLE login_attempts (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  email            text NOT NULL,
  source_ip        text NOT NULL,
  succeeded        boolean NOT NULL,
  attempted_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempts_email ON login_attempts (email, attempted_at);
CREATE INDEX login_attempts_ip ON login_attempts (source_ip, attempted_at);

-- Single-use links: password reset and first-admin invitation. Only the SHA-256 of the token is kept.
CREATE TABLE password_tokens (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id          uuid NOT NULL REFERENCES users (id),
  purpose          text NOT NULL CHECK (purpose IN ('reset', 'invite')),
  token_hash       text NOT NULL UNIQUE,
  created_at       timestamptz NOT NULL DEFAULT now(),
  expires_at       timestamptz NOT NULL,
  used_at          timestamptz
);

-- Outbox of the control database (password resets, invitations); same shape as the orchestra outbox.
CREATE TABLE outbox (
  id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind                 text NOT NULL,
  to_address           text NOT NULL,
  subject              text NOT NULL,
  text_body            text NOT NULL,
  html_body            text,
  attachments          jsonb NOT NULL DEFAULT '[]'::jsonb,
  status               text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
  attempts             integer NOT NULL DEFAULT 0,
  next_attempt_at      timestamptz NOT NULL DEFAULT now(),
  last_error           text,
  provider_message_id  text,
  created_at           timestamptz NOT NULL DEFAULT now(),
  sent_at              timestamptz
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status IN ('pending', 'sending');

CREATE TABLE audit_log (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  actor_user_id    uuid REFERENCES users (id),
  action           text NOT NULL,
  entity_type      text NOT NULL,
  entity_id        text,
  before           jsonb,
  after            jsonb,
  at               timestamptz NOT NULL DEFAULT now()
);
