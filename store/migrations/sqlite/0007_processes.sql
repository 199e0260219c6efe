-- Templated processes (campaigns, briefing periods, reviews), their targets
-- and the figures their tasks report; tasks learn which indicators their
-- fields report, whether their approval freezes the figures, and when they
-- stop taking submissions.
CREATE TABLE processes (
  id               varchar(40) PRIMARY KEY,
  kind             varchar(20) NOT NULL,
  template_id      bigint NOT NULL,
  template_key     varchar(60) NOT NULL,
  template_version int NOT NULL,
  name             varchar(300) NOT NULL,
  root_unit_id     bigint NOT NULL,
  root_path        varchar(400) NOT NULL,
  level            varchar(20) NOT NULL,
  window_start     datetime NOT NULL,
  window_end       datetime NOT NULL,
  status           varchar(12) NOT NULL,
  schedule_id      varchar(100) NOT NULL DEFAULT '',
  period           varchar(20) NOT NULL DEFAULT '',
  created_by       bigint NOT NULL DEFAULT 0,
  created_at       datetime NOT NULL,
  updated_at       datetime NOT NULL
);
CREATE INDEX processes_root ON processes (root_path);
CREATE INDEX processes_schedule ON processes (schedule_id, window_start);
CREATE TABLE process_targets (
  process_id varchar(40) NOT NULL,
  unit_id    bigint NOT NULL,
  indicator  varchar(40) NOT NULL,
  value      real NOT NULL,
  PRIMARY KEY (process_id, unit_id, indicator)
);
CREATE TABLE figures (
  process_id varchar(40) NOT NULL,
  unit_id    bigint NOT NULL,
  indicator  varchar(40) NOT NULL,
  unit_path  varchar(400) NOT NULL,
  value      real NOT NULL,
  task_id    varchar(80) NOT NULL,
  revision   int NOT NULL,
  frozen     boolean NOT NULL DEFAULT 0,
  updated_at datetime NOT NULL,
  PRIMARY KEY (process_id, unit_id, indicator)
);
CREATE INDEX figures_path ON figures (process_id, unit_path);
ALTER TABLE tasks ADD COLUMN closes_at datetime;
ALTER TABLE tasks ADD COLUMN indicators_json text NOT NULL DEFAULT '';
ALTER TABLE tasks ADD COLUMN freezes boolean NOT NULL DEFAULT 0;
CREATE INDEX tasks_process_kind ON tasks (process_id, kind, unit_id);
