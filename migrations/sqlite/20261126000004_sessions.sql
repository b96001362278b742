-- Sessions in Bookstore's own table (id, data as JSON, expiry as Unix
-- seconds), the same shape on SQLite and PostgreSQL; replaces the table the
-- tower-sessions SQLite store kept (sessions there end: people sign in again).
CREATE TABLE sessions (
    id          TEXT   PRIMARY KEY,
    data        TEXT   NOT NULL,
    expiry_date BIGINT NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expiry_date);
DROP TABLE IF EXISTS tower_sessions;
