-- The shop: catalog, carts, orders. Portable on purpose: integer ids, prices
-- in whole cents, times as Unix seconds (BIGINT on PostgreSQL), no
-- SQLite-only column types; only the full-text index (FTS5) is SQLite's own.

CREATE TABLE books (
    id          INTEGER PRIMARY KEY,
    isbn        TEXT UNIQUE,
    title       TEXT    NOT NULL,
    -- The author list joined by "; " (display joins with ", "); one row per author in book_authors.
    authors     TEXT    NOT NULL,
    year        INTEGER NOT NULL,
    language    TEXT    NOT NULL,
    description TEXT    NOT NULL,
    price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
    stock       INTEGER NOT NULL CHECK (stock >= 0),
    featured    BOOLEAN NOT NULL DEFAULT FALSE,
    added_at    BIGINT  NOT NULL
);
CREATE INDEX books_added ON books (added_at DESC, id DESC);
CREATE INDEX books_title ON books (title);
CREATE INDEX books_year ON books (year);

CREATE TABLE book_authors (
    book_id  INTEGER NOT NULL REFERENCES books (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name     TEXT    NOT NULL,
    PRIMARY KEY (book_id, position)
);
CREATE INDEX book_authors_name ON book_authors (name);

CREATE TABLE book_subjects (
    book_id INTEGER NOT NULL REFERENCES books (id) ON DELETE CASCADE,
    subject TEXT    NOT NULL,
    PRIMARY KEY (book_id, subject)
);
CREATE INDEX book_subjects_subject ON book_subjects (subject);

-- Full-text index; rowid = books.id, kept in step by catalog_repo in the same
-- transaction as the book. Diacritics folded: "antonia" finds "Ántonia".
CREATE VIRTUAL TABLE books_fts USING fts5 (
    title, authors, subjects, description,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Marks one-time work done (the catalog import).
CREATE TABLE shop_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Signed-in customers' carts. Anonymous carts live in the session.
-- A customer is (provider, subject): the same `sub` at two providers is two people.
CREATE TABLE cart_items (
    provider TEXT    NOT NULL,
    subject  TEXT    NOT NULL,
    book_id  INTEGER NOT NULL REFERENCES books (id) ON DELETE CASCADE,
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    added_at BIGINT  NOT NULL,
    PRIMARY KEY (provider, subject, book_id)
);

CREATE TABLE orders (
    id              INTEGER PRIMARY KEY,
    provider        TEXT    NOT NULL,
    subject         TEXT    NOT NULL,
    -- One key per checkout page: a retried or doubled submit finds the order.
    idempotency_key TEXT    NOT NULL,
    status          TEXT    NOT NULL DEFAULT 'placed',
    total_cents     INTEGER NOT NULL CHECK (total_cents >= 0),
    ship_name       TEXT    NOT NULL,
    ship_street     TEXT    NOT NULL,
    ship_city       TEXT    NOT NULL,
    ship_postcode   TEXT    NOT NULL,
    ship_country    TEXT    NOT NULL,
    placed_at       BIGINT  NOT NULL,
    UNIQUE (provider, subject, idempotency_key)
);
CREATE INDEX orders_customer ON orders (provider, subject, placed_at DESC);

-- Lines keep the title, authors and price at the time of the order; the
-- book may later change or be removed.
CREATE TABLE order_lines (
    order_id         INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    book_id          INTEGER REFERENCES books (id) ON DELETE SET NULL,
    title            TEXT    NOT NULL,
    authors          TEXT    NOT NULL,
    unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents >= 0),
    quantity         INTEGER NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (order_id, position)
);
CREATE INDEX order_lines_book ON order_lines (book_id);
