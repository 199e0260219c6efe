-- Screening follow-up: protocols (versioned definitions), cases with the
-- person and result sealed (AES-256-GCM, key ID inside the ciphertext),
-- the log of every read of personal data, and coverage targets.
CREATE TABLE screening_protocols (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  key             varchar(60) NOT NULL,
  version         int NOT NULL,
  title_vi        varchar(300) NOT NULL,
  title_en        varchar(300) NOT NULL DEFAULT '',
  definition_json text NOT NULL,
  built_in        boolean NOT NULL DEFAULT 0,
  created_by      bigint NOT NULL DEFAULT 0,
  created_at      datetime NOT NULL,
  UNIQUE (key, version)
);
CREATE TABLE screening_cases (
  id               varchar(40) PRIMARY KEY,
  type             varchar(12) NOT NULL,
  unit_id          bigint NOT NULL,
  unit_path        varchar(400) NOT NULL,
  protocol_id      bigint NOT NULL,
  protocol_key     varchar(60) NOT NULL,
  protocol_version int NOT NULL,
  screened_on      datetime NOT NULL,
  status           varchar(12) NOT NULL,
  step             int NOT NULL DEFAULT 0,
  attempt          int NOT NULL DEFAULT 0,
  person_sealed    text NOT NULL,
  result_sealed    text NOT NULL,
  outcome_sealed   text NOT NULL DEFAULT '',
  phone_index      varchar(64) NOT NULL DEFAULT '',
  closed_at        datetime,
  created_by       bigint NOT NULL DEFAULT 0,
  created_at       datetime NOT NULL,
  updated_at       datetime NOT NULL
);
CREATE INDEX screening_cases_unit ON screening_cases (unit_path, screened_on);
CREATE INDEX screening_cases_phone ON screening_cases (phone_index);
CREATE TABLE case_access_log (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  case_id   varchar(40) NOT NULL,
  user_id   bigint NOT NULL,
  purpose   varchar(200) NOT NULL,
  unit_path varchar(400) NOT NULL,
  at        datetime NOT NULL
);
CREATE INDEX case_access_log_case ON case_access_log (case_id);
CREATE INDEX case_access_log_unit ON case_access_log (unit_path);
CREATE TABLE screening_targets (
  unit_id     bigint NOT NULL,
  year        int NOT NULL,
  type        varchar(12) NOT NULL,
  target      real NOT NULL,
  denominator int NOT NULL,
  updated_by  bigint NOT NULL DEFAULT 0,
  updated_at  datetime NOT NULL,
  PRIMARY KEY (unit_id, year, type)
);
