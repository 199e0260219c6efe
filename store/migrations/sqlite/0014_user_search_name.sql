-- The folded username and full name, diacritics and case ignored, for the
-- users list's ?q= (as units.search_name). Filled for existing users by
-- the Go step of this migration (store/migrate_steps.go): folding is
-- Unicode work the database does not do the same way in both dialects.
-- No index: the search is a substring match within an admin's subtree.
ALTER TABLE users ADD COLUMN search_name text NOT NULL DEFAULT '';
