-- The shop's record of each customer (provider, subject), filled at sign-in
-- and kept in step with Logto by its webhooks: the name and e-mail to write
-- to, when they first and last signed in, and whether they are active,
-- suspended or deleted (a deleted customer's personal data is erased and
-- their orders anonymised; the row stays so the orders still name someone).
CREATE TABLE customers (
    provider      TEXT   NOT NULL,
    subject       TEXT   NOT NULL,
    display_name  TEXT,
    email         TEXT,
    state         TEXT   NOT NULL DEFAULT 'active',
    first_sign_in BIGINT NOT NULL,
    last_sign_in  BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (provider, subject)
);

-- Everyone who has ordered or kept a cart so far becomes a customer record.
INSERT INTO customers (provider, subject, first_sign_in, last_sign_in, updated_at)
SELECT provider, subject, MIN(placed_at), MAX(placed_at), MAX(placed_at) FROM orders GROUP BY provider, subject;
INSERT INTO customers (provider, subject, first_sign_in, last_sign_in, updated_at)
SELECT provider, subject, MIN(added_at), MAX(added_at), MAX(added_at) FROM cart_items
WHERE NOT EXISTS (SELECT 1 FROM customers c WHERE c.provider = cart_items.provider AND c.subject = cart_items.subject)
GROUP BY provider, subject;

-- Webhook deliveries already acted on (their signature, an HMAC of the whole
-- body, is their identity: a retry or a replay repeats it), kept for a day.
CREATE TABLE webhook_deliveries (
    id          TEXT   PRIMARY KEY,
    received_at BIGINT NOT NULL
);
