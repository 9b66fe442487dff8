-- Map of districts and neighbourhood labs: themes, zones (neighbourhoods
-- inside a municipality), labs, their meetings and the labs' history.
-- Dates are TEXT `YYYY-MM-DD` (they compare in order as text), times UTC
-- seconds, booleans 0/1.

ALTER TABLE districts ADD COLUMN description TEXT;
ALTER TABLE districts ADD COLUMN created_at BIGINT NOT NULL DEFAULT 0;
CREATE INDEX municipalities_district ON municipalities (district_id);

-- Admins edit the labels and add themes; labs refer to a theme by key.
CREATE TABLE themes (
    key TEXT PRIMARY KEY,
    label_it TEXT NOT NULL,
    label_en TEXT NOT NULL,
    sort_order BIGINT NOT NULL DEFAULT 0
);
INSERT INTO themes (key, label_it, label_en, sort_order) VALUES
    ('isolation-relationships', 'Isolamento e relazioni', 'Isolation and relationships', 1),
    ('educational-support', 'Sostegno educativo', 'Educational support', 2),
    ('family-friendly', 'Famiglie', 'Family friendly', 3),
    ('work-enterprise', 'Lavoro e impresa', 'Work and enterprise', 4),
    ('housing', 'Casa', 'Housing', 5),
    ('other', 'Altro', 'Other', 6);

-- Neighbourhoods (quartieri). The centroid is the public point of the
-- labs inside that are shown by area only.
CREATE TABLE zones (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    istat_code TEXT NOT NULL REFERENCES municipalities(istat_code),
    name TEXT NOT NULL,
    geometry TEXT NOT NULL,
    min_lon DOUBLE PRECISION NOT NULL,
    min_lat DOUBLE PRECISION NOT NULL,
    max_lon DOUBLE PRECISION NOT NULL,
    max_lat DOUBLE PRECISION NOT NULL,
    centroid_lon DOUBLE PRECISION NOT NULL,
    centroid_lat DOUBLE PRECISION NOT NULL,
    created_at BIGINT NOT NULL,
    created_by BIGINT REFERENCES people(id),
    UNIQUE (istat_code, name)
);

-- lon/lat is where the lab meets (staff only); public_lon/public_lat is
-- what the public sees (the same point, or the zone's or municipality's
-- centroid for labs shown by area). Map queries select and filter on the
-- public point only, so no bounding-box search can narrow down a hidden one.
CREATE TABLE labs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    description TEXT,
    theme_key TEXT NOT NULL REFERENCES themes(key),
    status TEXT NOT NULL CHECK (status IN ('planned', 'active', 'paused', 'closed')),
    lon DOUBLE PRECISION NOT NULL,
    lat DOUBLE PRECISION NOT NULL,
    address TEXT,
    location_precision TEXT NOT NULL CHECK (location_precision IN ('exact', 'area')),
    public_lon DOUBLE PRECISION NOT NULL,
    public_lat DOUBLE PRECISION NOT NULL,
    istat_code TEXT NOT NULL REFERENCES municipalities(istat_code),
    zone_id BIGINT REFERENCES zones(id) ON DELETE SET NULL,
    facilitator_id BIGINT REFERENCES people(id),
    contact TEXT,
    starts_on TEXT NOT NULL,
    ends_on TEXT,
    schedule TEXT,
    is_demo BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    created_by BIGINT REFERENCES people(id)
);
CREATE INDEX labs_public_point ON labs (public_lat, public_lon);
CREATE INDEX labs_municipality ON labs (istat_code);
CREATE INDEX labs_zone ON labs (zone_id);

CREATE TABLE meetings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    lab_id BIGINT NOT NULL REFERENCES labs(id) ON DELETE CASCADE,
    starts_at BIGINT NOT NULL,
    topic TEXT,
    attendance_total BIGINT CHECK (attendance_total >= 0),
    attendance_first_time BIGINT CHECK (attendance_first_time >= 0),
    organisations BIGINT CHECK (organisations >= 0),
    notes TEXT,
    created_at BIGINT NOT NULL,
    created_by BIGINT REFERENCES people(id)
);
CREATE INDEX meetings_lab ON meetings (lab_id, starts_at);
CREATE INDEX meetings_time ON meetings (starts_at);

-- Who created, edited or moved a lab, and where it was then.
CREATE TABLE lab_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    lab_id BIGINT NOT NULL REFERENCES labs(id) ON DELETE CASCADE,
    action TEXT NOT NULL CHECK (action IN ('created', 'updated', 'moved')),
    istat_code TEXT NOT NULL,
    lon DOUBLE PRECISION NOT NULL,
    lat DOUBLE PRECISION NOT NULL,
    at BIGINT NOT NULL,
    person_id BIGINT REFERENCES people(id)
);
CREATE INDEX lab_history_lab ON lab_history (lab_id, at);
