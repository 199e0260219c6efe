-- SQLite does not enforce varchar lengths; kept so both dialects share
-- version numbers.
SELECT 1;
