-- Issue 23. Where an order's mail goes: the verified address and language
-- of the customer who placed it, taken at checkout (none: no mail), so the
-- shipping note reaches the same person; and when staff marked it shipped.
ALTER TABLE orders ADD COLUMN notify_email TEXT;
ALTER TABLE orders ADD COLUMN notify_locale TEXT;
ALTER TABLE orders ADD COLUMN shipped_at BIGINT;

-- Sign-in links mailed at checkout. The link carries a random key; this
-- row is found by the key's SHA-256 and holds the provider's one-time token
-- sealed with the key (AES-256-GCM), so the table alone signs nobody in.
-- Used once: `used_at` is set by the request that follows it.
CREATE TABLE sign_in_links (
    key_hash        TEXT   PRIMARY KEY,
    provider        TEXT   NOT NULL,
    email           TEXT   NOT NULL,
    sealed_token    TEXT   NOT NULL,
    -- The SHA-256 of the browser's link cookie: opened elsewhere, the link asks first.
    browser_hash    TEXT   NOT NULL,
    return_to       TEXT   NOT NULL,
    created_at      BIGINT NOT NULL,
    expires_at      BIGINT NOT NULL,
    used_at         BIGINT
);
CREATE INDEX sign_in_links_expiry ON sign_in_links (expires_at);

-- Who asked for a link, when: counted for the rate limits (per address and
-- per client), both kept only as SHA-256 digests.
CREATE TABLE sign_in_link_requests (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    email_hash      TEXT   NOT NULL,
    client_hash     TEXT   NOT NULL,
    asked_at        BIGINT NOT NULL
);
CREATE INDEX sign_in_link_requests_email ON sign_in_link_requests (email_hash, asked_at);
CREATE INDEX sign_in_link_requests_client ON sign_in_link_requests (client_hash, asked_at);
