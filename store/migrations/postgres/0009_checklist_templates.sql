-- Checklist templates (issue 13): each row is one version of an
-- inspection checklist, never changed once written; a change is a new
-- version under the same key, and an inspection keeps the version it
-- started with. created_by is 0 for the built-in checklists dsflow writes
-- at start, so it references no user.
CREATE TABLE checklist_templates (
  id              bigserial PRIMARY KEY,
  key             varchar(60) NOT NULL,
  version         int NOT NULL,
  title_vi        varchar(300) NOT NULL,
  title_en        varchar(300) NOT NULL DEFAULT '',
  definition_json text NOT NULL,
  built_in        boolean NOT NULL DEFAULT false,
  created_by      bigint NOT NULL DEFAULT 0,
  created_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT checklist_templates_key UNIQUE (key, version)
);
