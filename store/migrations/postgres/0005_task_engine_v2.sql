-- The task engine's second pass. Every revision keeps the hash of the whole
-- change that made it and when its write was scheduled, so that a repeated
-- write is told from a different one and only a later write replaces a
-- revision; submissions keep their data on the event; the audit entry of a
-- revision is linked, so a replaced revision's entry can be voided.
ALTER TABLE task_events ADD COLUMN data_json text NOT NULL DEFAULT '';
ALTER TABLE task_events ADD COLUMN change_hash varchar(64) NOT NULL DEFAULT '';
ALTER TABLE task_events ADD COLUMN fence bigint NOT NULL DEFAULT 0;
ALTER TABLE task_events ADD COLUMN audit_seq bigint NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN escalation_json text NOT NULL DEFAULT '';
-- The workflows that host tasks written in bulk before they start.
CREATE TABLE task_hosts (
  id            varchar(200) PRIMARY KEY,
  workflow_type varchar(60) NOT NULL,
  input_json    text NOT NULL,
  process_kind  varchar(20) NOT NULL,
  process_id    varchar(200) NOT NULL,
  created_at    timestamptz NOT NULL
);
CREATE INDEX tasks_host ON tasks (host_id, created_at, id);
