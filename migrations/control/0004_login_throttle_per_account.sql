-- Control database: login throttling per (host, account) and per source address, reserved before the
-- password is checked (issue #14). An attempt names the account it counts for: the user that could log in
-- with that email on that host (a user row belongs to one orchestra's host, or to the apex for a
-- superadmin); NULL when none could, and then only its address counts. `succeeded` is NULL while the
-- password is being checked: the attempt is already counted, so concurrent attempts cannot share a count.

ALTER TABLE login_attempts ADD COLUMN user_id uuid REFERENCES users (id);
ALTER TABLE login_attempts ALTER COLUMN succeeded DROP NOT NULL;
CREATE INDEX login_attempts_user ON login_attempts (user_id, attempted_at) WHERE user_id IS NOT NULL;
