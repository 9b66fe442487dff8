-- Campaign figures stay fast however long the ledger grows: the settled
-- past of the append-only ledger is summed once into checkpoints (per
-- campaign) and hourly totals; pages add the short unsettled tail.
CREATE TABLE ledger_checkpoints (
    campaign_id BIGINT PRIMARY KEY REFERENCES campaigns(id),
    through_at BIGINT NOT NULL,
    raised_cents BIGINT NOT NULL,
    spent_cents BIGINT NOT NULL,
    gifts BIGINT NOT NULL,
    refunds BIGINT NOT NULL
);

CREATE TABLE ledger_hourly (
    campaign_id BIGINT NOT NULL REFERENCES campaigns(id),
    hour BIGINT NOT NULL,
    cents BIGINT NOT NULL,
    PRIMARY KEY (campaign_id, hour)
);

CREATE INDEX ledger_campaign_time ON ledger (campaign_id, created_at);
