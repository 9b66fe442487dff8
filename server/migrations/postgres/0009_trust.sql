-- Trust (issue 13).
-- The ledger is append-only by the database itself, whatever the code does.
CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the ledger is append-only';
END
$$;
CREATE TRIGGER ledger_append_only_rows BEFORE UPDATE OR DELETE ON ledger
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_append_only_truncate BEFORE TRUNCATE ON ledger
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();

-- Staff's note on a gift recorded by hand is its own field: until now it was
-- stored as the donor's message, which the public wall shows.
ALTER TABLE donations ADD COLUMN staff_note TEXT;
UPDATE donations SET staff_note = message, message = NULL WHERE method IN ('cash', 'cheque', 'in_kind');

-- An idempotency key belongs to one request of one campaign: the key, scoped
-- to the campaign, with a hash of the request it came with. The old global
-- column stays for the rows written before, as on SQLite.
ALTER TABLE donations ADD COLUMN request_key TEXT;
ALTER TABLE donations ADD COLUMN request_hash TEXT;
UPDATE donations SET request_key = idempotency_key;
CREATE UNIQUE INDEX donations_request_key ON donations (campaign_id, request_key);

-- A card pledge remembers its provider and the provider's hosted page.
ALTER TABLE donations ADD COLUMN provider TEXT;
ALTER TABLE donations ADD COLUMN checkout_url TEXT;
UPDATE donations SET provider = 'dev' WHERE provider_session IS NOT NULL;

-- Sign-in failures and password-reset requests are counted alike, per
-- account and address and per address.
ALTER TABLE login_attempts ADD COLUMN kind TEXT NOT NULL DEFAULT 'sign_in';
CREATE INDEX login_attempts_kind_ip ON login_attempts (kind, ip, at);
