-- Mail waiting to be sent (issue 23). A message is written here in the same
-- transaction as what caused it (an order), so it is sent if and only if
-- that commits; a worker on any instance claims a few at a time for a
-- lease, sends them, and marks each sent or due again later (backoff).
-- Rendered when written: the worker needs nothing else to send it.
CREATE TABLE outbox (
    id              BIGSERIAL PRIMARY KEY,
    kind            TEXT   NOT NULL,
    recipient       TEXT   NOT NULL,
    subject         TEXT   NOT NULL,
    body_text       TEXT   NOT NULL,
    body_html       TEXT   NOT NULL,
    created_at      BIGINT NOT NULL,
    -- When it may be tried (again); a claim pushes it past the lease.
    due_at          BIGINT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    sent_at         BIGINT,
    -- Given up after the last attempt; kept for the operator.
    failed_at       BIGINT,
    last_error      TEXT,
    -- What it tells of ("order:42"), so the page can say what was sent.
    about           TEXT
);
CREATE INDEX outbox_due ON outbox (due_at) WHERE sent_at IS NULL AND failed_at IS NULL;
CREATE INDEX outbox_about ON outbox (about);
