-- A campaign page sums the ledger rows written since the last checkpoint
-- (the unsettled tail). With the kind and the amount in the index the
-- tail is read from the index alone, without a lookup per row; the old
-- index is a prefix of this one.
CREATE INDEX ledger_campaign_time_amount ON ledger (campaign_id, created_at, kind, amount_cents);
DROP INDEX ledger_campaign_time;
