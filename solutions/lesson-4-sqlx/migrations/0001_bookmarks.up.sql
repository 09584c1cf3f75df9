-- Users own bookmarks; a bookmark has tags. The constraints are the rules of the data, enforced
-- by the database whatever code writes to it; the Rust code maps their violations to HTTP answers.
CREATE TABLE users (
    id            BIGSERIAL PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin'))
);

CREATE TABLE bookmarks (
    id       BIGSERIAL PRIMARY KEY,
    owner_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    url      TEXT NOT NULL CHECK (url ~ '^https?://'),
    title    TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    UNIQUE (owner_id, url)
);

CREATE TABLE tags (
    bookmark_id BIGINT NOT NULL REFERENCES bookmarks (id) ON DELETE CASCADE,
    name        TEXT NOT NULL CHECK (name ~ '^[a-z0-9-]{1,30}$'),
    PRIMARY KEY (bookmark_id, name)
);
