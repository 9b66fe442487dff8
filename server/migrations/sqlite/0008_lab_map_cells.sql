-- The map groups labs that would overlap on screen in the database: each
-- lab keeps its public point in whole Web Mercator pixels at zoom 24
-- (shared::geo::world_px), so a grouping cell at any zoom is an integer
-- division (SQLite has no ln/tan to project in SQL). Filled at start-up for
-- rows written before this migration, then by every write of the public point.
ALTER TABLE labs ADD COLUMN public_x BIGINT;
ALTER TABLE labs ADD COLUMN public_y BIGINT;
-- The bounding box is a range on the public point; with the pixels in the
-- index an unfiltered view is grouped from the index alone. The old index
-- is a prefix of this one.
CREATE INDEX labs_public_cells ON labs (public_lat, public_lon, public_x, public_y);
DROP INDEX labs_public_point;
