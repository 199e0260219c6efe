-- Large subtrees (a province, the nation): walking the due-time order and
-- filtering by path stops after one page, where the (unit_path, due_at)
-- indexes would sort every task of the subtree. The planner picks per query.
CREATE INDEX tasks_due ON tasks (due_at, id);
CREATE INDEX tasks_overdue_due ON tasks (due_at, id) WHERE overdue = 1;
