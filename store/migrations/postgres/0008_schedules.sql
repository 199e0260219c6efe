-- Recurring cycles (Temporal Schedules), the leaders' conclusions at briefings
-- (they become tasks of the next period), and hosts whose tasks were announced
-- in bulk.
CREATE TABLE schedules (
  id           varchar(40) PRIMARY KEY,
  template_id  bigint NOT NULL,
  template_key varchar(60) NOT NULL,
  name         varchar(300) NOT NULL,
  root_unit_id bigint NOT NULL,
  root_path    varchar(400) COLLATE "C" NOT NULL,
  level        varchar(20) NOT NULL,
  cadence      varchar(10) NOT NULL,
  catch_up     boolean NOT NULL DEFAULT false,
  deleted      boolean NOT NULL DEFAULT false,
  created_by   bigint NOT NULL DEFAULT 0,
  created_at   timestamptz NOT NULL
);
CREATE INDEX schedules_root ON schedules (root_path);
CREATE TABLE conclusions (
  id         bigserial PRIMARY KEY,
  process_id varchar(40) NOT NULL,
  seq        int NOT NULL,
  text       text NOT NULL,
  due_at     timestamptz NOT NULL,
  host_id    varchar(200) NOT NULL UNIQUE,
  created_by bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  UNIQUE (process_id, seq)
);
ALTER TABLE task_hosts ADD COLUMN announced boolean NOT NULL DEFAULT false;
