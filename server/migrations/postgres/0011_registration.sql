-- Registration answers alike whether or not the address has an account
-- (issue 13): an account exists only once its owner opens the link sent to
-- the address. Until then the request waits here, a day at most; only the
-- token's SHA-256 is kept, and the password only as its argon2id hash.
CREATE TABLE registrations (
    token_hash TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    display_name TEXT NOT NULL,
    language TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX registrations_expires ON registrations (expires_at);
