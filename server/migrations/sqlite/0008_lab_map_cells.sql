-- The map groups labs that would overlap on screen in the database: each
-- lab keeps its public point in whole Web Mercator pixels at zoom 24
-- (shared::geo::world_px), so a grouping cell at any zoom is an integer
-- division (SQLite has no ln/tan to project in SQL). Filled at start-up for
-- rows written before this migration, then by every write of the public point.
ALTER TABLE labs ADD COLUMN public_x BIGINT;
ALTER TABLE labs ADD COLUMN public_y BIGINT;
-- The bounding box is a range on the public point; with the pixels and the
-- map's usual filters (comune, hence district; theme; status) in the index,
-- a view is grouped from the index alone. The old index is a prefix of this one.
CREATE INDEX labs_public_cells ON labs (public_lat, public_lon, public_x, public_y, istat_code, theme_key, status);
DROP INDEX labs_public_point;

-- The map's province-wide grouping is cached per process, keyed by zoom and
-- filter; this revision tells every process when to read it again. Triggers
-- bump it on any change a grouping depends on (labs, and the comuni's
-- districts), so no write path can forget to.
CREATE TABLE labs_revision (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    revision BIGINT NOT NULL
);
INSERT INTO labs_revision (id, revision) VALUES (1, 0);
CREATE TRIGGER labs_revision_insert AFTER INSERT ON labs
BEGIN UPDATE labs_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER labs_revision_update AFTER UPDATE ON labs
BEGIN UPDATE labs_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER labs_revision_delete AFTER DELETE ON labs
BEGIN UPDATE labs_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER labs_revision_districts AFTER UPDATE OF district_id ON municipalities
BEGIN UPDATE labs_revision SET revision = revision + 1 WHERE id = 1; END;

-- The list under the map: the first labs by comune, then name. Walking
-- the comuni by name and each comune's labs by name gives that order from
-- the indexes, so the first 300 are read without sorting every lab.
CREATE INDEX municipalities_name ON municipalities (name);
CREATE INDEX labs_municipality_name ON labs (istat_code, name);
DROP INDEX labs_municipality;
