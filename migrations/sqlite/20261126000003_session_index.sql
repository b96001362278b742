-- Which stored session belongs to which provider session, so a back-channel
-- logout (OpenID Connect Back-Channel Logout 1.0) can end it on every
-- instance sharing this database.
CREATE TABLE session_index (
    session_id TEXT    PRIMARY KEY,
    provider   TEXT    NOT NULL,
    subject    TEXT    NOT NULL,
    sid        TEXT,
    created_at BIGINT  NOT NULL
);
CREATE INDEX session_index_sid ON session_index (provider, sid);
CREATE INDEX session_index_subject ON session_index (provider, subject);

-- Logout tokens already used (their jti), kept for a day: a replay is refused.
CREATE TABLE logout_token_ids (
    jti     TEXT   PRIMARY KEY,
    seen_at BIGINT NOT NULL
);
