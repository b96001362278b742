-- The language a customer chose in the shop's header (a BCP 47 tag such as
-- "ja"), so it follows them to every browser they sign in with.
CREATE TABLE customer_languages (
    provider  TEXT   NOT NULL,
    subject   TEXT   NOT NULL,
    language  TEXT   NOT NULL,
    chosen_at BIGINT NOT NULL,
    PRIMARY KEY (provider, subject)
);
