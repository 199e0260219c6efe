-- dsflow read model and domain data, SQLite.
CREATE TABLE units (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  code        varchar(32) UNIQUE,
  name        varchar(200) NOT NULL,
  search_name varchar(200) NOT NULL,
  level       varchar(20) NOT NULL,
  parent_id   bigint REFERENCES units(id),
  path        varchar(400) NOT NULL,
  depth       int NOT NULL,
  created_at  datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at  datetime NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX units_parent ON units (parent_id);
CREATE INDEX units_path ON units (path);
CREATE INDEX units_search ON units (search_name);

CREATE TABLE unit_closures (
  ancestor_id bigint NOT NULL REFERENCES units(id),
  unit_id     bigint NOT NULL REFERENCES units(id),
  child_id    bigint NOT NULL,
  depth       int NOT NULL,
  PRIMARY KEY (ancestor_id, unit_id)
);
CREATE INDEX unit_closures_unit ON unit_closures (unit_id);

CREATE TABLE users (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  username      varchar(64) NOT NULL UNIQUE,
  password_hash varchar(200) NOT NULL,
  full_name     varchar(200) NOT NULL DEFAULT '',
  email         varchar(200) NOT NULL DEFAULT '',
  unit_id       bigint NOT NULL REFERENCES units(id),
  roles         varchar(200) NOT NULL,
  active        boolean NOT NULL DEFAULT 1,
  created_at    datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at    datetime NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX users_unit ON users (unit_id);

CREATE TABLE sessions (
  token_hash varchar(64) PRIMARY KEY,
  user_id    bigint NOT NULL REFERENCES users(id),
  expires_at datetime NOT NULL,
  revoked_at datetime,
  created_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE tasks (
  id                 varchar(80) PRIMARY KEY,
  host_id            varchar(200) NOT NULL,
  process_kind       varchar(20) NOT NULL,
  process_id         varchar(200) NOT NULL,
  kind               varchar(60) NOT NULL,
  unit_id            bigint NOT NULL,
  unit_path          varchar(400) NOT NULL,
  assignee_id        bigint,
  candidate_role     varchar(20) NOT NULL DEFAULT '',
  claimed_by         bigint,
  title_vi           varchar(300) NOT NULL,
  title_en           varchar(300) NOT NULL DEFAULT '',
  instructions_vi    text NOT NULL DEFAULT '',
  instructions_en    text NOT NULL DEFAULT '',
  search_text        varchar(600) NOT NULL,
  form_json          text NOT NULL DEFAULT '',
  data_json          text NOT NULL DEFAULT '',
  content_hash       varchar(64) NOT NULL DEFAULT '',
  priority           varchar(10) NOT NULL,
  status             varchar(12) NOT NULL,
  due_at             datetime NOT NULL,
  overdue            boolean NOT NULL DEFAULT 0,
  overdue_bucket     int NOT NULL DEFAULT 0,
  escalation_level   int NOT NULL DEFAULT 0,
  sign_off_json      text NOT NULL DEFAULT '',
  sign_off_step      int NOT NULL DEFAULT 0,
  sign_off_unit_path varchar(400) NOT NULL DEFAULT '',
  sign_off_role      varchar(20) NOT NULL DEFAULT '',
  decisions_json     text NOT NULL DEFAULT '',
  return_reason      text NOT NULL DEFAULT '',
  revision           int NOT NULL,
  created_by         bigint NOT NULL DEFAULT 0,
  created_at         datetime NOT NULL,
  updated_at         datetime NOT NULL,
  submitted_at       datetime,
  completed_at       datetime
);
-- The task list: a subtree by path prefix, newest due first, keyset paging.
CREATE INDEX tasks_path_due ON tasks (unit_path, due_at, id);
CREATE INDEX tasks_assignee ON tasks (assignee_id, status);
CREATE INDEX tasks_claimed ON tasks (claimed_by, status);
CREATE INDEX tasks_process ON tasks (process_id);
-- The overdue drill-down reads only overdue open tasks.
CREATE INDEX tasks_overdue ON tasks (unit_path, due_at, id) WHERE overdue = 1;
CREATE INDEX tasks_signoff ON tasks (sign_off_role, sign_off_unit_path) WHERE status = 'submitted';

CREATE TABLE task_events (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  task_id          varchar(80) NOT NULL,
  revision         int NOT NULL,
  event            varchar(20) NOT NULL,
  actor_id         bigint NOT NULL DEFAULT 0,
  status           varchar(12) NOT NULL,
  note             text NOT NULL DEFAULT '',
  attachments_json text NOT NULL DEFAULT '',
  at               datetime NOT NULL,
  UNIQUE (task_id, revision)
);

CREATE TABLE attachments (
  id           varchar(40) PRIMARY KEY,
  task_id      varchar(80) NOT NULL,
  filename     varchar(255) NOT NULL,
  content_type varchar(100) NOT NULL,
  size         bigint NOT NULL,
  sha256       varchar(64) NOT NULL,
  data         blob NOT NULL,
  uploaded_by  bigint NOT NULL,
  created_at   datetime NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX attachments_task ON attachments (task_id);

CREATE TABLE audit_entries (
  seq         bigint PRIMARY KEY,
  at          datetime NOT NULL,
  actor_id    bigint NOT NULL DEFAULT 0,
  action      varchar(40) NOT NULL,
  entity_type varchar(20) NOT NULL,
  entity_id   varchar(200) NOT NULL,
  before      text NOT NULL DEFAULT '',
  after       text NOT NULL DEFAULT '',
  prev_hash   varchar(64) NOT NULL,
  hash        varchar(64) NOT NULL
);
CREATE INDEX audit_entity ON audit_entries (entity_type, entity_id);
CREATE TABLE audit_heads (id int PRIMARY KEY, seq bigint NOT NULL, hash varchar(64) NOT NULL);
INSERT INTO audit_heads (id, seq, hash) VALUES (1, 0, '');

CREATE TABLE notifications (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id    bigint NOT NULL,
  key        varchar(200) NOT NULL,
  kind       varchar(40) NOT NULL,
  task_id    varchar(80) NOT NULL DEFAULT '',
  title_vi   varchar(300) NOT NULL DEFAULT '',
  title_en   varchar(300) NOT NULL DEFAULT '',
  read_at    datetime,
  created_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE (key, user_id)
);
CREATE INDEX notifications_user ON notifications (user_id, id);

CREATE TABLE overdue_counters (
  ancestor_id  bigint NOT NULL,
  child_id     bigint NOT NULL,
  process_kind varchar(20) NOT NULL,
  bucket       int NOT NULL,
  n            bigint NOT NULL,
  PRIMARY KEY (ancestor_id, child_id, process_kind, bucket)
);

CREATE TABLE calendar_days (
  date    varchar(10) PRIMARY KEY,
  year    int NOT NULL,
  kind    varchar(10) NOT NULL,
  name_vi varchar(200) NOT NULL DEFAULT '',
  name_en varchar(200) NOT NULL DEFAULT ''
);
CREATE INDEX calendar_days_year ON calendar_days (year);

CREATE TABLE idempotency_records (
  user_id     bigint NOT NULL,
  key         varchar(200) NOT NULL,
  fingerprint varchar(64) NOT NULL,
  status      int NOT NULL,
  body        text NOT NULL DEFAULT '',
  created_at  datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_created ON idempotency_records (created_at);
