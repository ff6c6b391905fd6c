-- Orchestra database: one orchestra per database, so no table carries a tenant column (SPEC §2, §3).
-- Plain PostgreSQL that runs on Aurora PostgreSQL 17 and on the embedded PostgreSQL 17.
-- No dollar-quoted bodies and no semicolons inside statements, so a plain statement splitter can apply it.

-- Human codes (MUS001, PROJ012, …): one sequence per prefix, so a code is never reused, even after a
-- delete or a rolled-back insert. Padded to three digits, then simply longer (MUS1000), never truncated.
CREATE FUNCTION human_code(prefix text, n bigint) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN prefix || CASE WHEN n < 1000 THEN lpad(n::text, 3, '0') ELSE n::text END;

CREATE SEQUENCE instrument_code_seq;
CREATE SEQUENCE position_code_seq;
CREATE SEQUENCE musician_code_seq;
CREATE SEQUENCE ranking_list_code_seq;
CREATE SEQUENCE project_code_seq;
CREATE SEQUENCE need_code_seq;
CREATE SEQUENCE request_code_seq;
CREATE SEQUENCE file_code_seq;
CREATE SEQUENCE group_email_code_seq;

-- ---------------------------------------------------------------------------------------------------
-- Settings: exactly one row (id is always true).
-- ---------------------------------------------------------------------------------------------------
CREATE TABLE settings (
  id                boolean PRIMARY KEY DEFAULT true CHECK (id),
  orchestra_name    text NOT NULL CHECK (length(btrim(orchestra_name)) BETWEEN 1 AND 200),
  reminder_percent  integer NOT NULL DEFAULT 75 CHECK (reminder_percent BETWEEN 1 AND 99),
  conflict_mode     text NOT NULL DEFAULT 'first_asked' CHECK (conflict_mode IN ('first_asked', 'best_rank', 'admin_choice')),
  time_zone         text NOT NULL DEFAULT 'Europe/Stockholm' CHECK (length(time_zone) BETWEEN 1 AND 64),
  sender_name       text NOT NULL DEFAULT '' CHECK (length(sender_name) <= 200),
  reply_to          text CHECK (reply_to IS NULL OR (reply_to = btrim(reply_to) AND reply_to LIKE '%_@_%')),
  updated_at        timestamptz NOT NULL DEFAULT now()
);

-- ---------------------------------------------------------------------------------------------------
-- Instruments (score order) and positions (seniority order within the instrument).
-- ---------------------------------------------------------------------------------------------------
CREATE TABLE instruments (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code         text NOT NULL UNIQUE DEFAULT human_code('INST', nextval('instrument_code_seq')),
  name         text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
  sort_order   integer NOT NULL,                          -- score order, ascending
  archived_at  timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX instruments_name_unique ON instruments (lower(name)) WHERE archived_at IS NULL;
CREATE INDEX instruments_order ON instruments (sort_order);

CREATE TABLE positions (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code           text NOT NULL UNIQUE DEFAULT human_code('POS', nextval('position_code_seq')),
  instrument_id  uuid NOT NULL REFERENCES instruments (id),
  name           text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 100),
  sort_order     integer NOT NULL,                        -- seniority within the instrument: lower is more senior
  archived_at    timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX positions_name_unique ON positions (instrument_id, lower(name)) WHERE archived_at IS NULL;
CREATE INDEX positions_order ON positions (instrument_id, sort_order);

-- ---------------------------------------------------------------------------------------------------
-- Musicians and what they may play.
-- ---------------------------------------------------------------------------------------------------
CREATE TABLE musicians (
  id                       uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code                     text NOT NULL UNIQUE DEFAULT human_code('MUS', nextval('musician_code_seq')),
  first_name               text NOT NULL CHECK (length(first_name) <= 100),
  last_name                text NOT NULL CHECK (length(last_name) <= 100),
  email                    text CHECK (email IS NULL OR (email = btrim(email) AND length(email) <= 254 AND email LIKE '%_@_%')),
  phone                    text CHECK (phone IS NULL OR length(phone) <= 40),
  language                 text NOT NULL DEFAULT 'sv' CHECK (language IN ('sv', 'en')),
  local_resident           boolean NOT NULL DEFAULT false,
  notes                    text NOT NULL DEFAULT '' CHECK (length(notes) <= 10000),
  active                   boolean NOT NULL DEFAULT true,
  -- Set 'failing' when mail to the address bounces or is refused, back to 'ok' when it is changed.
  email_status             text NOT NULL DEFAULT 'ok' CHECK (email_status IN ('ok', 'failing')),
  email_status_changed_at  timestamptz,
  archived_at              timestamptz,                   -- soft delete, restorable
  erased_at                timestamptz,                   -- GDPR erasure: the row stays for anonymous statistics
  created_at               timestamptz NOT NULL DEFAULT now(),
  updated_at               timestamptz NOT NULL DEFAULT now(),
  -- A live musician has a name and an address. An erased one has no personal data left and stays archived.
  CONSTRAINT musicians_identity CHECK (
    erased_at IS NOT NULL OR (email IS NOT NULL AND length(btrim(first_name)) >= 1 AND length(btrim(last_name)) >= 1)
  ),
  CONSTRAINT musicians_erased_clean CHECK (
    erased_at IS NULL
    OR (email IS NULL AND phone IS NULL AND first_name = '' AND last_name = '' AND notes = ''
        AND archived_at IS NOT NULL AND NOT active)
  )
);
-- Case-insensitive uniqueness over every musician, archived ones included, so a restore never collides.
CREATE UNIQUE INDEX musicians_email_unique ON musicians (lower(email));
CREATE INDEX musicians_name ON musicians (lower(last_name), lower(first_name));

CREATE TABLE musician_qualifications (
  musician_id  uuid NOT NULL REFERENCES musicians (id),
  position_id  uuid NOT NULL REFERENCES positions (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (musician_id, position_id)
);
CREATE INDEX musician_qualifications_position ON musician_qualifications (position_id);

-- ---------------------------------------------------------------------------------------------------
-- Projects.
-- ---------------------------------------------------------------------------------------------------
CREATE TABLE projects (
  id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code                text NOT NULL UNIQUE DEFAULT human_code('PROJ', nextval('project_code_seq')),
  name                text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 200),
  start_date          date NOT NULL,
  -- Kept so lists and emails need no date arithmetic, and held to the start date by the check
  -- (write it as extract(week FROM :startDate::date)).
  iso_week            integer NOT NULL CONSTRAINT projects_iso_week_matches CHECK (iso_week = extract(week FROM start_date)),
  rehearsal_schedule  text NOT NULL DEFAULT '' CHECK (length(rehearsal_schedule) <= 10000),
  concert_info        text NOT NULL DEFAULT '' CHECK (length(concert_info) <= 10000),
  notes               text NOT NULL DEFAULT '' CHECK (length(notes) <= 10000),
  paused              boolean NOT NULL DEFAULT false,     -- pauses every need of the project (SPEC §3.5)
  archived_at         timestamptz,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX projects_start ON projects (start_date) WHERE archived_at IS NULL;

-- ---------------------------------------------------------------------------------------------------
-- Ranking lists: A, B, C per position, and at most one custom list per project and position.
-- ---------------------------------------------------------------------------------------------------
CREATE TABLE ranking_lists (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code         text NOT NULL UNIQUE DEFAULT human_code('LIST', nextval('ranking_list_code_seq')),
  position_id  uuid NOT NULL REFERENCES positions (id),
  kind         text NOT NULL CHECK (kind IN ('A', 'B', 'C', 'custom')),
  project_id   uuid REFERENCES projects (id),
  description  text NOT NULL DEFAULT '' CHECK (length(description) <= 1000),
  archived_at  timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT ranking_lists_custom_has_project CHECK ((kind = 'custom') = (project_id IS NOT NULL)),
  -- Target of the composite keys below: an entry or a need can only use a list of its own position.
  CONSTRAINT ranking_lists_id_position UNIQUE (id, position_id)
);
CREATE UNIQUE INDEX ranking_lists_standard_unique ON ranking_lists (position_id, kind) WHERE kind <> 'custom';
CREATE UNIQUE INDEX ranking_lists_custom_unique ON ranking_lists (project_id, position_id)
  WHERE kind = 'custom' AND archived_at IS NULL;

-- Only qualified musicians can be on a position's lists: (musician, position) must be a qualification.
-- Removing the qualification removes the musician from that position's lists (ranks then leave a gap
-- unless the caller closes them up in the same transaction).
CREATE TABLE ranking_list_entries (
  list_id      uuid NOT NULL,
  position_id  uuid NOT NULL,
  musician_id  uuid NOT NULL,
  rank         integer NOT NULL CHECK (rank > 0),
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (list_id, musician_id),
  -- Deferred to commit, so a reorder may shuffle ranks freely inside one transaction.
  CONSTRAINT ranking_list_entries_rank_unique UNIQUE (list_id, rank) DEFERRABLE INITIALLY DEFERRED,
  CONSTRAINT ranking_list_entries_list FOREIGN KEY (list_id, position_id)
    REFERENCES ranking_lists (id, position_id) ON DELETE CASCADE,
  CONSTRAINT ranking_list_entries_qualified FOREIGN KEY (musician_id, position_id)
    REFERENCES musician_qualifications (musician_id, position_id) ON DELETE CASCADE
);
CREATE INDEX ranking_list_entries_musician ON ranking_list_entries (musician_id);
CREATE INDEX ranking_list_entries_qualification ON ranking_list_entries (musician_id, position_id);

-- ---------------------------------------------------------------------------------------------------
-- Needs: what a project must staff, and how the engine fills it.
-- ---------------------------------------------------------------------------------------------------
CREATE TABLE needs (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code                  text NOT NULL UNIQUE DEFAULT human_code('NEED', nextval('need_code_seq')),
  project_id            uuid NOT NULL REFERENCES projects (id),
  position_id           uuid NOT NULL REFERENCES positions (id),
  ranking_list_id       uuid NOT NULL,
  quantity              integer NOT NULL CHECK (quantity >= 1),
  strategy              text NOT NULL CHECK (strategy IN ('sequential', 'parallel', 'first_come')),
  -- first_come only: size of one wave, at least the quantity. NULL means every eligible musician.
  max_recipients        integer,
  response_hours        integer NOT NULL DEFAULT 48 CHECK (response_hours BETWEEN 1 AND 4500),
  local_residents_only  boolean NOT NULL DEFAULT false,
  status                text NOT NULL DEFAULT 'active'
                          CHECK (status IN ('active', 'paused', 'filled', 'exhausted', 'archived')),
  status_changed_at     timestamptz NOT NULL DEFAULT now(),
  first_sent_at         timestamptz,                      -- once set, strategy, list and position are fixed
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT needs_max_recipients CHECK (
    max_recipients IS NULL OR (strategy = 'first_come' AND max_recipients >= quantity)
  ),
  CONSTRAINT needs_list_of_position FOREIGN KEY (ranking_list_id, position_id) REFERENCES ranking_lists (id, position_id),
  -- Target of composite keys that must agree with the need's project (requests, files, conflict choices).
  CONSTRAINT needs_id_project UNIQUE (id, project_id)
);
CREATE INDEX needs_project ON needs (project_id);
CREATE INDEX needs_position ON needs (position_id);
CREATE INDEX needs_ranking_list ON needs (ranking_list_id);
CREATE INDEX needs_open ON needs (project_id) WHERE status = 'active';

-- The admin's pick, in admin_choice conflict mode, of the one need a conflicted musician may be asked for.
CREATE TABLE project_conflict_choices (
  project_id   uuid NOT NULL REFERENCES projects (id),
  musician_id  uuid NOT NULL REFERENCES musicians (id),
  need_id      uuid NOT NULL,
  chosen_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (project_id, musician_id),
  CONSTRAINT project_conflict_choices_need FOREIGN KEY (need_id, project_id) REFERENCES needs (id, project_id) ON DELETE CASCADE
);
CREATE INDEX project_conflict_choices_need ON project_conflict_choices (need_id);

-- ---------------------------------------------------------------------------------------------------
-- Requests: one email asking one musician to fill one need.
-- ---------------------------------------------------------------------------------------------------
CREATE TABLE requests (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code              text NOT NULL UNIQUE DEFAULT human_code('REQ', nextval('request_code_seq')),
  need_id           uuid NOT NULL,
  -- Copied from the need (and held to it by the key below) for the one-live-request index.
  project_id        uuid NOT NULL,
  musician_id       uuid NOT NULL REFERENCES musicians (id),
  status            text NOT NULL DEFAULT 'pending'
                      CHECK (status IN ('pending', 'accepted', 'declined', 'timed_out', 'cancelled', 'withdrawn')),
  token_hash        text NOT NULL UNIQUE,                 -- SHA-256 of the response link's token, never the token
  wave              integer NOT NULL DEFAULT 1 CHECK (wave >= 1),
  rank_at_send      integer CHECK (rank_at_send > 0),     -- the musician's rank on the need's list when asked
  sent_at           timestamptz NOT NULL,
  deadline_at       timestamptz NOT NULL,
  remind_at         timestamptz,                          -- when the reminder is due (NULL: none)
  reminded_at       timestamptz,
  answered_at       timestamptz,                          -- the musician's yes or no
  closed_at         timestamptz,                          -- timed out, cancelled or withdrawn
  -- An answer that came after the request was closed (e.g. a yes after the seat was filled), kept so a
  -- second click gets the same result.
  late_answer       text CHECK (late_answer IN ('yes', 'no')),
  late_answered_at  timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT requests_need_project FOREIGN KEY (need_id, project_id) REFERENCES needs (id, project_id),
  CONSTRAINT requests_deadline_after_send CHECK (deadline_at > sent_at),
  CONSTRAINT requests_remind_in_window CHECK (remind_at IS NULL OR (remind_at > sent_at AND remind_at < deadline_at)),
  CONSTRAINT requests_answer_recorded CHECK (
    CASE status
      WHEN 'pending' THEN answered_at IS NULL AND closed_at IS NULL
      WHEN 'accepted' THEN answered_at IS NOT NULL AND closed_at IS NULL
      WHEN 'declined' THEN answered_at IS NOT NULL AND closed_at IS NULL
      ELSE closed_at IS NOT NULL                          -- withdrawn may follow an accept, so answered_at is free
    END
  ),
  CONSTRAINT requests_late_answer CHECK (
    (late_answer IS NULL) = (late_answered_at IS NULL) AND (late_answer IS NULL OR status IN ('timed_out', 'cancelled', 'withdrawn'))
  )
);
-- SPEC §3.1 rule 2: one musician holds at most one request per project that counts, and every status but
-- 'cancelled' counts (a decline or a silence is a no for the whole project). Inserting a second one fails
-- with unique_violation on this index, whatever number of admins send at once.
CREATE UNIQUE INDEX requests_one_live_per_project ON requests (project_id, musician_id) WHERE status <> 'cancelled';
CREATE INDEX requests_need_status ON requests (need_id, status);
CREATE INDEX requests_musician ON requests (musician_id);
CREATE INDEX requests_pending_deadline ON requests (deadline_at) WHERE status = 'pending';
CREATE INDEX requests_reminder_due ON requests (remind_at) WHERE status = 'pending' AND reminded_at IS NULL;

-- ---------------------------------------------------------------------------------------------------
-- Files (bytes in S3 or the local folder), attached to a project or to one of its needs.
-- ---------------------------------------------------------------------------------------------------
CREATE TABLE files (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code          text NOT NULL UNIQUE DEFAULT human_code('FILE', nextval('file_code_seq')),
  project_id    uuid NOT NULL REFERENCES projects (id),
  need_id       uuid,
  storage_key   text NOT NULL UNIQUE,
  filename      text NOT NULL CHECK (length(btrim(filename)) BETWEEN 1 AND 255 AND filename !~ '[/\\[:cntrl:]]'),
  -- SPEC §2: pdf, images, doc/docx, txt, MusicXML (SVG is left out: it can carry script).
  content_type  text NOT NULL CHECK (content_type IN (
                  'application/pdf',
                  'image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/heic', 'image/heif', 'image/tiff',
                  'application/msword',
                  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
                  'text/plain',
                  'application/vnd.recordare.musicxml+xml', 'application/vnd.recordare.musicxml',
                  'application/xml', 'text/xml')),
  size_bytes    bigint NOT NULL CHECK (size_bytes BETWEEN 1 AND 26214400),   -- 25 MB
  send_on       text NOT NULL CHECK (send_on IN ('request', 'accept')),
  confirmed_at  timestamptz,                              -- NULL until the upload is verified in storage
  created_at    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT files_need_of_project FOREIGN KEY (need_id, project_id) REFERENCES needs (id, project_id) ON DELETE CASCADE
);
CREATE INDEX files_project ON files (project_id);
CREATE INDEX files_need ON files (need_id) WHERE need_id IS NOT NULL;

-- ---------------------------------------------------------------------------------------------------
-- Email templates: one per type and language (fallback 'sv' when a language is missing).
-- 'exhausted' is the notice to the orchestra's admins when a list runs out (SPEC §3.2).
-- ---------------------------------------------------------------------------------------------------
CREATE TABLE email_templates (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  type        text NOT NULL CHECK (type IN ('request', 'reminder', 'confirmation', 'position_filled', 'withdrawn', 'exhausted')),
  language    text NOT NULL CHECK (language IN ('sv', 'en')),
  subject     text NOT NULL CHECK (length(btrim(subject)) BETWEEN 1 AND 300),
  body        text NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 20000),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT email_templates_type_language UNIQUE (type, language)
);

-- ---------------------------------------------------------------------------------------------------
-- Group emails to a project's accepted musicians (SPEC §3.5), with their recipients and attachments.
-- ---------------------------------------------------------------------------------------------------
CREATE TABLE group_emails (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code             text NOT NULL UNIQUE DEFAULT human_code('GRP', nextval('group_email_code_seq')),
  project_id       uuid NOT NULL REFERENCES projects (id),
  subject          text NOT NULL CHECK (length(btrim(subject)) BETWEEN 1 AND 300),
  body             text NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 20000),
  -- The filter the admin chose, as given, e.g. {"instrumentIds": […], "positionIds": […]}, {} for everyone.
  filter           jsonb NOT NULL DEFAULT '{}'::jsonb,
  sent_by_user_id  uuid,                                  -- an account of the control database
  sent_by_email    text,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX group_emails_project ON group_emails (project_id, created_at);

CREATE TABLE group_email_files (
  group_email_id  uuid NOT NULL REFERENCES group_emails (id) ON DELETE CASCADE,
  file_id         uuid NOT NULL REFERENCES files (id) ON DELETE CASCADE,
  PRIMARY KEY (group_email_id, file_id)
);

-- ---------------------------------------------------------------------------------------------------
-- Outbox: every outgoing message with its delivery status, which makes it the communication log too.
-- Same columns as the control outbox, plus the request or group email a message belongs to.
-- ---------------------------------------------------------------------------------------------------
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
  sent_at              timestamptz,
  request_id           uuid REFERENCES requests (id),
  group_email_id       uuid REFERENCES group_emails (id)
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE status IN ('pending', 'sending');
CREATE INDEX outbox_request ON outbox (request_id) WHERE request_id IS NOT NULL;
CREATE INDEX outbox_group_email ON outbox (group_email_id) WHERE group_email_id IS NOT NULL;
CREATE INDEX outbox_created ON outbox (created_at);
CREATE INDEX outbox_failed ON outbox (created_at) WHERE status = 'failed';

CREATE TABLE group_email_recipients (
  group_email_id  uuid NOT NULL REFERENCES group_emails (id),
  musician_id     uuid NOT NULL REFERENCES musicians (id),
  outbox_id       uuid REFERENCES outbox (id),
  PRIMARY KEY (group_email_id, musician_id)
);
CREATE INDEX group_email_recipients_musician ON group_email_recipients (musician_id);

-- ---------------------------------------------------------------------------------------------------
-- Audit log: who changed what, when, before and after, for every admin mutation.
-- ---------------------------------------------------------------------------------------------------
CREATE TABLE audit_log (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  actor_user_id  uuid,                                    -- an account of the control database
  actor_email    text,                                    -- as it was at the time, for display
  action         text NOT NULL,
  entity_type    text NOT NULL,
  entity_id      text,
  before         jsonb,
  after          jsonb,
  at             timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id);
