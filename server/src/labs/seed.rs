//! Demo labs (`server seed --demo`) and the benchmark's many labs
//! (`server seed --labs N`). Both are flagged `is_demo`.

use super::placement::{place_in, zones_around, ZoneShape};
use super::province::province;
use super::sql::{Arg, Sql};
use super::{meetings, store};
use crate::db::{now, Db};
use crate::errors::db_error;
use chrono::{Duration, NaiveTime};
use rand::distributions::{Distribution, WeightedIndex};
use rand::Rng;
use shared::geo::Point;
use shared::labs::{LabInput, LabStatus, LocationPrecision, MeetingInput, DEFAULT_THEMES};
use shared::ApiError;
use sqlx::Row;
use std::collections::hash_map::Entry;
use std::collections::HashMap;

/// Three labs in real places: Crema and Cremona shown exactly, Casalmaggiore
/// by area only (it meets in people's homes). Nothing happens when they
/// already exist (the benchmark's labs are demo data too, hence the name).
pub async fn demo_labs(db: &Db) -> Result<usize, ApiError> {
    let inputs = demo_inputs(staff_id(db).await?);
    let existing = sqlx::query("SELECT id FROM labs WHERE is_demo = 1 AND name = $1")
        .bind(&inputs[0].name)
        .fetch_optional(&db.pool)
        .await
        .map_err(db_error)?;
    if existing.is_some() {
        return Ok(0);
    }
    let mut created = 0;
    for input in inputs {
        let id = store::create(db, &input.validate()?, None, true).await?;
        add_demo_meetings(db, id).await?;
        created += 1;
    }
    Ok(created)
}

async fn staff_id(db: &Db) -> Result<Option<i64>, ApiError> {
    let row = sqlx::query("SELECT id FROM people WHERE email = 'staff@legami.demo'")
        .fetch_optional(&db.pool)
        .await
        .map_err(db_error)?;
    row.map(|r| r.try_get("id")).transpose().map_err(db_error)
}

fn demo_inputs(facilitator: Option<i64>) -> Vec<LabInput> {
    let lab = |name: &str, theme: &str, lon: f64, lat: f64, address: &str, precision: &str, schedule: &str| LabInput {
        name: name.into(),
        description: "Laboratorio dimostrativo: i dati non sono reali.".into(),
        theme: theme.into(),
        status: "active".into(),
        lon: Some(lon),
        lat: Some(lat),
        address: address.into(),
        precision: precision.into(),
        facilitator_id: facilitator,
        contact: "laboratori@legami.demo".into(),
        starts_on: "2025-09-15".into(),
        ends_on: None,
        schedule: schedule.into(),
    };
    vec![
        lab(
            "Compiti insieme a Crema",
            "educational-support",
            9.6886,
            45.3640,
            "Piazza Duomo, Crema",
            "exact",
            "ogni martedì 17-19",
        ),
        lab(
            "Piazza del Comune: famiglie",
            "family-friendly",
            10.0227,
            45.1335,
            "Piazza del Comune, Cremona",
            "exact",
            "il sabato mattina",
        ),
        lab(
            "Vicini di casa a Casalmaggiore",
            "isolation-relationships",
            10.4166,
            44.9877,
            "Casa di una volontaria",
            "area",
            "un giovedì sì e uno no",
        ),
    ]
}

/// Two meetings held (with attendance and a note) and one to come.
async fn add_demo_meetings(db: &Db, lab: i64) -> Result<(), ApiError> {
    let today = shared::time::to_rome(chrono::Utc::now()).date();
    let at = |days: i64| (today + Duration::days(days)).and_time(NaiveTime::from_hms_opt(17, 0, 0).unwrap_or_default());
    let meetings = [
        (at(-14), Some(12), Some(4), Some(2), "Una famiglia chiede aiuto per l'iscrizione a scuola."),
        (at(-7), Some(15), Some(2), Some(1), ""),
        (at(7), None, None, None, ""),
    ];
    for (when, total, first, organisations, notes) in meetings {
        let input = MeetingInput {
            starts_at: when.format("%Y-%m-%dT%H:%M").to_string(),
            topic: "Incontro del laboratorio".into(),
            attendance_total: total,
            attendance_first_time: first,
            organisations,
            notes: notes.into(),
        };
        meetings::add(db, lab, &input.validate()?, None).await?;
    }
    Ok(())
}

/// Rows per INSERT: at most 14 values each stays far below the parameter limits of
/// SQLite (32,766) and PostgreSQL (65,535).
const BATCH: usize = 500;

/// A random point inside a random municipality, municipalities weighted by
/// area so the labs spread evenly over the province.
struct Sampler {
    weights: WeightedIndex<f64>,
}

impl Sampler {
    fn new() -> Result<Sampler, ApiError> {
        let areas: Vec<f64> = province().geometries.iter().map(|g| g.area()).collect();
        let weights = WeightedIndex::new(areas).map_err(|_| ApiError::Internal)?;
        Ok(Sampler { weights })
    }

    /// Rejection sampling in the municipality's box: a third or more of
    /// the box is inside, so a few tries suffice.
    fn point(&self, rng: &mut impl Rng) -> (usize, Point) {
        let p = province();
        let i = self.weights.sample(rng);
        let (c, g) = (&p.comuni[i], &p.geometries[i]);
        loop {
            let candidate = Point {
                lon: rng.gen_range(c.bbox.min_lon..=c.bbox.max_lon),
                lat: rng.gen_range(c.bbox.min_lat..=c.bbox.max_lat),
            };
            if g.contains(candidate) {
                return (i, candidate);
            }
        }
    }
}

/// Creates `n` random labs for benchmarks, in batched inserts in one transaction.
pub async fn random_labs(db: &Db, n: usize) -> Result<(), ApiError> {
    let sampler = Sampler::new()?;
    let mut rng = rand::thread_rng();
    let mut tx = db.pool.begin().await.map_err(db_error)?;
    let mut zones: HashMap<usize, Vec<ZoneShape>> = HashMap::new();
    let mut done = 0;
    while done < n {
        let size = BATCH.min(n - done);
        let mut rows = Vec::with_capacity(size);
        for k in 0..size {
            let (i, point) = sampler.point(&mut rng);
            let comune = &province().comuni[i];
            if let Entry::Vacant(slot) = zones.entry(i) {
                slot.insert(zones_around(&mut tx, comune.istat.as_ref(), None).await?);
            }
            let precision = if rng.gen_bool(0.2) { LocationPrecision::Area } else { LocationPrecision::Exact };
            let placed = place_in(comune, zones.get(&i).map_or(&[][..], Vec::as_slice), point, precision);
            rows.push(random_row(&mut rng, done + k + 1, point, precision, placed));
        }
        insert_batch(&mut tx, &rows).await?;
        done += size;
    }
    tx.commit().await.map_err(db_error)
}

struct NewLab {
    name: String,
    theme: &'static str,
    status: LabStatus,
    point: Point,
    precision: LocationPrecision,
    placed: super::placement::Placement,
    starts_on: String,
    ends_on: Option<String>,
}

fn random_row(
    rng: &mut impl Rng,
    number: usize,
    point: Point,
    precision: LocationPrecision,
    placed: super::placement::Placement,
) -> NewLab {
    let start = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default() + Duration::days(rng.gen_range(0..900));
    let ends_on = rng.gen_bool(0.5).then(|| (start + Duration::days(rng.gen_range(30..700))).to_string());
    NewLab {
        name: format!("Laboratorio di prova {number}"),
        theme: DEFAULT_THEMES[rng.gen_range(0..DEFAULT_THEMES.len())].key,
        status: LabStatus::ALL[rng.gen_range(0..LabStatus::ALL.len())],
        point,
        precision,
        placed,
        starts_on: start.to_string(),
        ends_on,
    }
}

async fn insert_batch(conn: &mut sqlx::AnyConnection, rows: &[NewLab]) -> Result<(), ApiError> {
    let mut sql = Sql::default();
    let at = now();
    let values: Vec<String> = rows
        .iter()
        .map(|r| {
            let args = [
                Arg::Text(r.name.clone()),
                Arg::Text(r.theme.to_owned()),
                Arg::Text(r.status.code().to_owned()),
                Arg::Float(r.point.lon),
                Arg::Float(r.point.lat),
                Arg::Text(r.precision.code().to_owned()),
                Arg::Float(r.placed.public.lon),
                Arg::Float(r.placed.public.lat),
                Arg::Text(r.placed.istat.clone()),
                Arg::Text(r.starts_on.clone()),
                Arg::Int(r.placed.public_px().0),
                Arg::Int(r.placed.public_px().1),
            ];
            let params: Vec<String> = args.into_iter().map(|a| sql.arg(a)).collect();
            let ends = r.ends_on.clone().map_or("NULL".to_owned(), |e| sql.arg(Arg::Text(e)));
            let zone = r.placed.zone_id.map_or("NULL".to_owned(), |z| sql.arg(Arg::Int(z)));
            format!("({}, {ends}, {zone}, 1, {at}, {at})", params.join(", "))
        })
        .collect();
    sql.push(&format!(
        "INSERT INTO labs (name, theme_key, status, lon, lat, location_precision, public_lon, public_lat, istat_code, \
         starts_on, public_x, public_y, ends_on, zone_id, is_demo, created_at, updated_at) VALUES {}",
        values.join(", ")
    ));
    sql.query().execute(&mut *conn).await.map_err(db_error)?;
    Ok(())
}
