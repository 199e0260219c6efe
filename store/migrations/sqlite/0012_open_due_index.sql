-- The overdue sweep (Store.MarkOverdue) looks every few seconds for open
-- tasks whose due time has passed and that are not yet marked overdue. Done
-- tasks pile up below every due time for good, so the sweep reads an index
-- of the open, not-yet-overdue tasks only: it stays as small as the work.
CREATE INDEX tasks_due_pending ON tasks (due_at, id) WHERE overdue = 0 AND status IN ('open', 'claimed', 'returned');
