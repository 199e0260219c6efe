-- Saved filters of a user's pages (My tasks): one row per user and page,
-- the filter as the API's JSON.
CREATE TABLE user_filters (
  user_id    bigint NOT NULL,
  page       varchar(20) NOT NULL,
  filter     text NOT NULL,
  updated_at datetime NOT NULL,
  PRIMARY KEY (user_id, page)
);
