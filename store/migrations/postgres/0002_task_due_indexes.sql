-- Large subtrees (a province, the nation): walking the due-time order and
-- filtering by path stops after one page, where the (unit_path, due_at)
-- indexes would sort every task of the subtree. The planner picks per query.
CREATE INDEX tasks_due ON tasks (due_at, id);
CREATE INDEX tasks_overdue_due ON tasks (due_at, id) WHERE overdue;
-- Title search ignores diacritics by matching the folded title; a trigram
-- index answers LIKE '%…%' without reading the subtree. pg_trgm is a trusted
-- extension: the database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX tasks_search ON tasks USING gin (search_text gin_trgm_ops);
