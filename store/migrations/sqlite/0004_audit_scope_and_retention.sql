-- Audit entries name the unit subtree they concern, so an admin below the
-- root lists only their own subtree's; '' is national (the calendar, unit
-- imports), listed to national admins only. The column is not part of an
-- entry's hash, so chains written before it verify as they did.
ALTER TABLE audit_entries ADD COLUMN unit_path varchar(400) NOT NULL DEFAULT '';
-- Entries written before: a task's keep its unit (tasks never move), a
-- user's and a session's take the user's unit as it is now.
UPDATE audit_entries SET unit_path = COALESCE((SELECT t.unit_path FROM tasks t WHERE t.id = audit_entries.entity_id), '')
  WHERE entity_type = 'task';
UPDATE audit_entries SET unit_path = COALESCE((SELECT un.path FROM users u JOIN units un ON un.id = u.unit_id
  WHERE CAST(u.id AS TEXT) = audit_entries.entity_id), '')
  WHERE entity_type IN ('user', 'session');
CREATE INDEX audit_unit_path ON audit_entries (unit_path, seq);

-- The nightly purge finds what has outlived its retention by these.
CREATE INDEX sessions_expires ON sessions (expires_at);
CREATE INDEX sessions_revoked ON sessions (revoked_at) WHERE revoked_at IS NOT NULL;
CREATE INDEX notifications_read ON notifications (read_at) WHERE read_at IS NOT NULL;
