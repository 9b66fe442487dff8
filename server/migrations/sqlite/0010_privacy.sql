-- Erasure (GDPR art. 17, issue 13). A row per request: who asked and when,
-- and when and by whom it was carried out. It keeps that an erasure
-- happened, never what was erased.
CREATE TABLE erasures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    person_id BIGINT NOT NULL REFERENCES people(id),
    requested_at BIGINT NOT NULL,
    carried_out_at BIGINT,
    carried_out_by BIGINT REFERENCES people(id)
);
-- At most one open request per person, however many servers race.
CREATE UNIQUE INDEX erasures_one_open ON erasures (person_id) WHERE carried_out_at IS NULL;

-- An erased account keeps its row (the ledger, receipts and audit logs point
-- at it) with its personal fields blanked.
ALTER TABLE people ADD COLUMN erased_at BIGINT;
-- A gift whose donor was erased: an anonymous amount; when a receipt was
-- issued, its name and tax code stay for the legal retention period,
-- readable by admins only.
ALTER TABLE donations ADD COLUMN erased_at BIGINT;
