-- Money spent from a campaign's fund, shown for transparency. The
-- attachment (invoice, receipt) lives in the file storage under a random
-- key; only staff may download it.
CREATE TABLE expenses (
    id BIGSERIAL PRIMARY KEY,
    campaign_id BIGINT NOT NULL REFERENCES campaigns(id),
    amount_cents BIGINT NOT NULL CHECK (amount_cents > 0),
    spent_on TEXT NOT NULL,
    category TEXT NOT NULL CHECK (category IN ('bills', 'goods', 'services', 'staff', 'other')),
    supplier TEXT NOT NULL,
    description TEXT,
    attachment_key TEXT,
    attachment_type TEXT,
    idempotency_key TEXT UNIQUE,
    created_at BIGINT NOT NULL,
    created_by BIGINT REFERENCES people(id)
);
CREATE INDEX expenses_campaign ON expenses (campaign_id, spent_on);

ALTER TABLE ledger ADD COLUMN expense_id BIGINT REFERENCES expenses(id);
