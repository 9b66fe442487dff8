-- Foundation: people, roles, sessions, sign-in attempts, password resets,
-- outbox, places. Times are UTC seconds since the epoch (BIGINT on both
-- backends, so one codebase reads them with sqlx's Any driver).

CREATE TABLE people (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    display_name TEXT NOT NULL,
    language TEXT NOT NULL DEFAULT 'it',
    created_at BIGINT NOT NULL
);

CREATE TABLE person_roles (
    person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('resident', 'staff', 'evaluator', 'admin')),
    granted_at BIGINT NOT NULL,
    granted_by BIGINT REFERENCES people(id),
    PRIMARY KEY (person_id, role)
);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    data TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    person_id BIGINT REFERENCES people(id) ON DELETE CASCADE
);
CREATE INDEX sessions_expires ON sessions (expires_at);
CREATE INDEX sessions_person ON sessions (person_id);

CREATE TABLE login_attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ip TEXT NOT NULL,
    email TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX login_attempts_email ON login_attempts (email, at);
CREATE INDEX login_attempts_ip ON login_attempts (ip, at);

CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    locked_until BIGINT,
    attempts BIGINT NOT NULL DEFAULT 0,
    sent_at BIGINT,
    last_error TEXT
);
CREATE INDEX outbox_pending ON outbox (sent_at, id);

CREATE TABLE districts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    is_demo BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE municipalities (
    istat_code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    catasto_code TEXT NOT NULL,
    district_id BIGINT REFERENCES districts(id) ON DELETE SET NULL,
    min_lon DOUBLE PRECISION NOT NULL,
    min_lat DOUBLE PRECISION NOT NULL,
    max_lon DOUBLE PRECISION NOT NULL,
    max_lat DOUBLE PRECISION NOT NULL,
    geometry TEXT NOT NULL
);
