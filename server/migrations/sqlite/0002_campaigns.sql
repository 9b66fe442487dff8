-- Fundraising: funds, campaigns, gifts, the append-only ledger, receipts
-- numbered per calendar year, processed payment-provider events, settings.

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE funds (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);

CREATE TABLE campaigns (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    story TEXT NOT NULL DEFAULT '',
    fund_id BIGINT NOT NULL REFERENCES funds(id),
    goal_cents BIGINT NOT NULL CHECK (goal_cents > 0),
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'published', 'closed')),
    district_id BIGINT REFERENCES districts(id),
    created_at BIGINT NOT NULL,
    created_by BIGINT REFERENCES people(id)
);

CREATE TABLE donations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    campaign_id BIGINT NOT NULL REFERENCES campaigns(id),
    amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
    donor_name TEXT NOT NULL,
    email TEXT NOT NULL,
    anonymous BIGINT NOT NULL DEFAULT 0,
    message TEXT,
    method TEXT NOT NULL CHECK (method IN ('bank_transfer', 'card', 'cash', 'cheque', 'in_kind')),
    tax_code TEXT,
    status TEXT NOT NULL CHECK (status IN ('pledged', 'received', 'refunded')),
    payment_reference TEXT NOT NULL UNIQUE,
    idempotency_key TEXT UNIQUE,
    provider_session TEXT UNIQUE,
    person_id BIGINT REFERENCES people(id),
    recorded_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL,
    received_at BIGINT
);
CREATE INDEX donations_campaign ON donations (campaign_id, status);

-- Append-only: rows are inserted, never updated or deleted. Gifts are
-- positive, refunds negative (a reversal pointing at the gift), expenses
-- negative. Every total is a SUM over this table.
CREATE TABLE ledger (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    campaign_id BIGINT NOT NULL REFERENCES campaigns(id),
    kind TEXT NOT NULL CHECK (kind IN ('gift', 'refund', 'expense')),
    amount_cents BIGINT NOT NULL,
    donation_id BIGINT REFERENCES donations(id),
    method TEXT,
    note TEXT,
    created_at BIGINT NOT NULL,
    created_by BIGINT REFERENCES people(id)
);
CREATE INDEX ledger_campaign ON ledger (campaign_id, kind);
CREATE UNIQUE INDEX ledger_one_gift_per_donation ON ledger (donation_id, kind);

CREATE TABLE receipt_counters (
    year BIGINT PRIMARY KEY,
    last BIGINT NOT NULL
);

CREATE TABLE receipts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    donation_id BIGINT NOT NULL UNIQUE REFERENCES donations(id),
    year BIGINT NOT NULL,
    number BIGINT NOT NULL,
    issued_at BIGINT NOT NULL,
    cancelled_at BIGINT,
    cancel_reason TEXT,
    UNIQUE (year, number)
);

CREATE TABLE payment_events (
    provider TEXT NOT NULL,
    event_id TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (provider, event_id)
);
