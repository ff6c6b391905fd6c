-- Control database: what an orchestra was provisioned with (SPEC §4), so another attempt after a failure
-- runs with the same first admin and the same backup unless the superadmin changes them. Without it a
-- retried restore would quietly make an empty orchestra, and the first admin named at creation was lost.

ALTER TABLE orchestras ADD COLUMN first_admin_email text;       -- NULL: the contact address (orchestras from before)
ALTER TABLE orchestras ADD COLUMN first_admin_name  text;
ALTER TABLE orchestras ADD COLUMN restore_from      text;       -- file store key of the backup; NULL: the standard seed

-- Orchestras created before this migration: the backup a creation restored from is in its audit row.
UPDATE orchestras o
   SET restore_from = a.after ->> 'restoreFrom'
  FROM audit_log a
 WHERE a.action = 'orchestra.create'
   AND a.entity_id = o.id::text
   AND a.after ->> 'restoreFrom' IS NOT NULL;
