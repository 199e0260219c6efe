-- Inspections: the visit, its units and team, each inspector's checklist
-- for each unit (drafts saved in order, submitted once), and the findings
-- that become remediation tasks when the lead signs the minutes.
CREATE TABLE inspections (
  id                varchar(40) PRIMARY KEY,
  name              varchar(300) NOT NULL,
  checklist_id      bigint NOT NULL,
  checklist_key     varchar(60) NOT NULL,
  checklist_version int NOT NULL,
  unit_id           bigint NOT NULL,
  unit_path         varchar(400) COLLATE "C" NOT NULL,
  lead_id           bigint NOT NULL,
  window_start      timestamptz NOT NULL,
  window_end        timestamptz NOT NULL,
  status            varchar(12) NOT NULL,
  number            varchar(40) NOT NULL DEFAULT '',
  signed_at         timestamptz,
  created_by        bigint NOT NULL DEFAULT 0,
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL
);
CREATE INDEX inspections_unit ON inspections (unit_path);
CREATE TABLE inspected_units (
  inspection_id varchar(40) NOT NULL,
  unit_id       bigint NOT NULL,
  unit_path     varchar(400) COLLATE "C" NOT NULL,
  PRIMARY KEY (inspection_id, unit_id)
);
CREATE INDEX inspected_units_path ON inspected_units (unit_path);
CREATE TABLE team_members (
  inspection_id varchar(40) NOT NULL,
  user_id       bigint NOT NULL,
  role          varchar(10) NOT NULL,
  PRIMARY KEY (inspection_id, user_id)
);
CREATE INDEX team_members_user ON team_members (user_id);
CREATE TABLE checklist_sheets (
  inspection_id varchar(40) NOT NULL,
  unit_id       bigint NOT NULL,
  inspector_id  bigint NOT NULL,
  task_id       varchar(80) NOT NULL,
  answers_json  text NOT NULL,
  version       int NOT NULL,
  save_id       varchar(64) NOT NULL,
  submitted     boolean NOT NULL DEFAULT false,
  score         double precision NOT NULL DEFAULT 0,
  max_score     double precision NOT NULL DEFAULT 0,
  updated_at    timestamptz NOT NULL,
  PRIMARY KEY (inspection_id, unit_id, inspector_id)
);
CREATE TABLE findings (
  id            bigserial PRIMARY KEY,
  inspection_id varchar(40) NOT NULL,
  unit_id       bigint NOT NULL,
  unit_path     varchar(400) COLLATE "C" NOT NULL,
  item_key      varchar(40) NOT NULL DEFAULT '',
  severity      varchar(10) NOT NULL,
  description   text NOT NULL,
  due_days      int NOT NULL DEFAULT 0,
  working_days  boolean NOT NULL DEFAULT false,
  due_at        timestamptz,
  save_id       varchar(64) NOT NULL,
  task_id       varchar(80) NOT NULL DEFAULT '',
  created_by    bigint NOT NULL DEFAULT 0,
  created_at    timestamptz NOT NULL
);
CREATE INDEX findings_inspection ON findings (inspection_id, unit_id);
CREATE UNIQUE INDEX findings_save ON findings (inspection_id, save_id);
-- The last minutes number each inspecting unit gave in a year.
CREATE TABLE minutes_counters (
  unit_id bigint NOT NULL,
  year    int NOT NULL,
  last    int NOT NULL,
  PRIMARY KEY (unit_id, year)
);
