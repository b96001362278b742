-- Keys the server makes for itself, shared by every instance on this
-- database: the key that seals sign-in attempts into the browser's cookies.
-- Made at the first start (32 random bytes, base64url), never sent anywhere.
CREATE TABLE server_keys (
    name       TEXT   PRIMARY KEY,
    secret     TEXT   NOT NULL,
    created_at BIGINT NOT NULL
);
