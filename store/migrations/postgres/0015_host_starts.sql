-- Hosts the API wrote and starts itself, until the start is confirmed: the
-- maintenance sweep starts any whose start failed (models.HostStart). A
-- row lives for the moment between the write and the start, so the table
-- stays small and needs no index besides its key.
CREATE TABLE host_starts (
  host_id    varchar(200) PRIMARY KEY,
  created_at timestamptz NOT NULL
);
