//! Labs in the database: writing them (placed from their point) and reading
//! their public view. Public reads select the public point only: the exact
//! `lon`/`lat` of a lab never appear in those queries.

use super::placement::{place, Placement, Query};
use super::sql::{Arg, Sql};
use crate::db::{now, Db, Kind};
use crate::errors::db_error;
use chrono::NaiveDate;
use serde::Deserialize;
use shared::error::ValidationCode;
use shared::geo::{BBox, Point};
use shared::labs::{
    public_address, AttendanceTotals, LabDetail, LabFilter, LabInput, LabPublic, LabStatus, LocationPrecision,
    NextMeeting, ThemeKey, ValidLab,
};
use shared::places::IstatCode;
use shared::ApiError;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

/// The columns of [`LabPublic`]. `$1` is the current time, for the next meeting.
const PUBLIC_COLUMNS: &str = "l.id, l.name, l.theme_key, l.status, l.public_lon, l.public_lat, \
     l.location_precision, l.address, l.schedule, l.istat_code, m.name AS municipality_name, m.district_id, \
     l.starts_on, l.ends_on, \
     (SELECT MIN(n.starts_at) FROM meetings n WHERE n.lab_id = l.id AND n.starts_at >= $1) AS next_at, \
     (SELECT n.topic FROM meetings n WHERE n.lab_id = l.id AND n.starts_at >= $1 \
      ORDER BY n.starts_at, n.id LIMIT 1) AS next_topic";

/// How many upcoming meetings a lab's page lists.
const UPCOMING: i64 = 10;

fn corrupt(what: &str) -> ApiError {
    tracing::error!(what, "unexpected value in the labs tables");
    ApiError::Internal
}

fn date(raw: &str) -> Result<NaiveDate, ApiError> {
    NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| corrupt("date"))
}

/// A lab's public columns as the database holds them; the one place they
/// become a [`LabPublic`] is [`PublicRow::into_public`]. Read from one
/// `AnyRow` (a lab's page) or, for many labs, from the JSON array the
/// database builds (see [`fetch_public`]), where its fields come in the
/// order of [`PUBLIC_COLUMNS`].
#[derive(Deserialize)]
struct PublicRow {
    id: i64,
    name: String,
    theme_key: String,
    status: String,
    #[serde(deserialize_with = "exact_float")]
    public_lon: f64,
    #[serde(deserialize_with = "exact_float")]
    public_lat: f64,
    location_precision: String,
    address: Option<String>,
    schedule: Option<String>,
    istat_code: String,
    municipality_name: String,
    district_id: Option<i64>,
    starts_on: String,
    ends_on: Option<String>,
    next_at: Option<i64>,
    next_topic: Option<String>,
}

/// The fields of [`PublicRow`] in its order, as [`PUBLIC_COLUMNS`] names
/// them: the JSON array of [`fetch_public`] is built in this order.
const PUBLIC_FIELDS: [&str; 16] = [
    "id",
    "name",
    "theme_key",
    "status",
    "public_lon",
    "public_lat",
    "location_precision",
    "address",
    "schedule",
    "istat_code",
    "municipality_name",
    "district_id",
    "starts_on",
    "ends_on",
    "next_at",
    "next_topic",
];

/// A coordinate sent as text with every digit (JSON numbers from SQLite
/// keep only 15 significant digits, not enough to give back the same f64).
fn exact_float<'de, D: serde::Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    let text = String::deserialize(d)?;
    text.trim().parse().map_err(serde::de::Error::custom)
}

impl PublicRow {
    fn read(r: &AnyRow) -> Result<PublicRow, sqlx::Error> {
        Ok(PublicRow {
            id: r.try_get("id")?,
            name: r.try_get("name")?,
            theme_key: r.try_get("theme_key")?,
            status: r.try_get("status")?,
            public_lon: r.try_get("public_lon")?,
            public_lat: r.try_get("public_lat")?,
            location_precision: r.try_get("location_precision")?,
            address: r.try_get("address")?,
            schedule: r.try_get("schedule")?,
            istat_code: r.try_get("istat_code")?,
            municipality_name: r.try_get("municipality_name")?,
            district_id: r.try_get("district_id")?,
            starts_on: r.try_get("starts_on")?,
            ends_on: r.try_get("ends_on")?,
            next_at: r.try_get("next_at")?,
            next_topic: r.try_get("next_topic")?,
        })
    }

    fn into_public(self) -> Result<LabPublic, ApiError> {
        let precision = LocationPrecision::parse(&self.location_precision).ok_or_else(|| corrupt("precision"))?;
        Ok(LabPublic {
            id: self.id,
            theme: ThemeKey::parse(&self.theme_key).map_err(|_| corrupt("theme"))?,
            status: LabStatus::parse(&self.status).ok_or_else(|| corrupt("status"))?,
            point: Point { lon: self.public_lon, lat: self.public_lat },
            precision,
            address: public_address(precision, self.address.as_deref()),
            schedule: self.schedule,
            municipality: IstatCode::parse(&self.istat_code).map_err(|_| corrupt("istat"))?,
            municipality_name: self.municipality_name,
            district_id: self.district_id,
            starts_on: date(&self.starts_on)?,
            ends_on: self.ends_on.as_deref().map(date).transpose()?,
            next_meeting: self.next_at.map(|starts_at| NextMeeting { starts_at, topic: self.next_topic }),
            name: self.name,
        })
    }
}

fn public_from_row(r: &AnyRow) -> Result<LabPublic, ApiError> {
    PublicRow::read(r).map_err(db_error)?.into_public()
}

/// The public labs whose public point is in `bbox` (all when `None`) and
/// that pass the filter, by id. The bounding box is a range on the
/// `(public_lat, public_lon)` index.
pub async fn public_labs(db: &Db, bbox: Option<BBox>, filter: &LabFilter) -> Result<Vec<LabPublic>, ApiError> {
    let mut sql = select_public();
    push_bbox(&mut sql, bbox);
    push_filter(&mut sql, filter);
    fetch_public(db, sql).await
}

/// The public labs with these ids, by id.
pub async fn public_labs_by_id(db: &Db, ids: &[i64]) -> Result<Vec<LabPublic>, ApiError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = select_public();
    let list: Vec<String> = ids.iter().map(|id| sql.arg(Arg::Int(*id))).collect();
    sql.push(&format!(" AND l.id IN ({})", list.join(", ")));
    fetch_public(db, sql).await
}

/// How many labs pass the filter, and `limit` of them by municipality and
/// name after the first `offset` (a page of the list under the map).
pub async fn public_list(
    db: &Db,
    filter: &LabFilter,
    offset: usize,
    limit: usize,
) -> Result<(usize, Vec<LabPublic>), ApiError> {
    let mut count = Sql::new("SELECT COUNT(*) AS n FROM labs l WHERE 1 = 1");
    push_filter(&mut count, filter);
    let total: i64 = count.query().fetch_one(&db.pool).await.and_then(|r| r.try_get("n")).map_err(db_error)?;
    // The ids first, then their columns: sorting whole rows made SQLite
    // compute every lab's next meeting before keeping a page of them. The
    // comuni come first in the join (a CROSS JOIN keeps SQLite's order), so
    // the order comes from the name indexes.
    let mut ids = Sql::new("SELECT l.id FROM municipalities m CROSS JOIN labs l WHERE m.istat_code = l.istat_code");
    push_filter(&mut ids, filter);
    let limit = ids.arg(Arg::Int(i64::try_from(limit).unwrap_or(i64::MAX)));
    let offset = ids.arg(Arg::Int(i64::try_from(offset).unwrap_or(i64::MAX)));
    // By code point on both backends (SQLite's default; PostgreSQL would
    // follow the database's locale), so both list the same labs first.
    let by_code_point = match db.kind {
        Kind::Postgres => " COLLATE \"C\"",
        Kind::Sqlite => "",
    };
    ids.push(&format!(" ORDER BY m.name{by_code_point}, l.name{by_code_point}, l.id LIMIT {limit} OFFSET {offset}"));
    let order: Vec<i64> = ids
        .query()
        .fetch_all(&db.pool)
        .await
        .map_err(db_error)?
        .iter()
        .map(|r| r.try_get("id"))
        .collect::<Result<_, _>>()
        .map_err(db_error)?;
    let mut labs = public_labs_by_id(db, &order).await?;
    let position: std::collections::HashMap<i64, usize> = order.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    labs.sort_by_key(|l| position.get(&l.id).copied().unwrap_or(usize::MAX));
    Ok((usize::try_from(total).unwrap_or(0), labs))
}

/// `SELECT` of the public columns, with `$1` bound to now; conditions follow.
fn select_public() -> Sql {
    let mut sql = Sql::new("");
    let now_arg = sql.arg(Arg::Int(now()));
    debug_assert_eq!(now_arg, "$1");
    sql.push(&format!(
        "SELECT {PUBLIC_COLUMNS} FROM labs l JOIN municipalities m ON m.istat_code = l.istat_code WHERE 1 = 1"
    ));
    sql
}

/// Many labs in one row: the database builds a JSON array of their
/// columns. Why: sqlx hands SQLite's rows over one at a time from its worker
/// thread, with a wake-up and a conversion each, which made a view of 2,000
/// labs cost about 100 ms; one row of JSON is read in a few (README, "Map
/// and labs"). Labs come back by id.
async fn fetch_public(db: &Db, sql: Sql) -> Result<Vec<LabPublic>, ApiError> {
    let (lon, lat, aggregate) = match db.kind {
        // `%!.17g`: every digit of the f64 (SQLite's JSON keeps 15).
        Kind::Sqlite => {
            ("printf('%!.17g', s.public_lon)", "printf('%!.17g', s.public_lat)", "json_group_array(json_array")
        }
        // float8 as text is already the shortest exact form.
        Kind::Postgres => ("s.public_lon::text", "s.public_lat::text", "json_agg(json_build_array"),
    };
    let columns: Vec<String> = PUBLIC_FIELDS
        .iter()
        .map(|field| match *field {
            "public_lon" => lon.to_owned(),
            "public_lat" => lat.to_owned(),
            other => format!("s.{other}"),
        })
        .collect();
    let columns = columns.join(", ");
    let sql = sql.wrap(&format!("SELECT CAST({aggregate}({columns})) AS TEXT) AS labs FROM ("), ") s");
    let row = sql.query().fetch_one(&db.pool).await.map_err(db_error)?;
    // json_agg of no rows is NULL.
    let text: Option<String> = row.try_get("labs").map_err(db_error)?;
    let rows: Vec<PublicRow> = match text {
        Some(text) => serde_json::from_str(&text).map_err(|e| {
            tracing::error!(error = %e, "labs as JSON from the database");
            ApiError::Internal
        })?,
        None => Vec::new(),
    };
    let mut labs = rows.into_iter().map(PublicRow::into_public).collect::<Result<Vec<_>, _>>()?;
    labs.sort_by_key(|l| l.id);
    Ok(labs)
}

/// The bounding box on the public point (`l`): a range on its index.
pub(super) fn push_bbox(sql: &mut Sql, bbox: Option<BBox>) {
    if let Some(b) = bbox {
        let (s, n) = (sql.arg(Arg::Float(b.min_lat)), sql.arg(Arg::Float(b.max_lat)));
        let (w, e) = (sql.arg(Arg::Float(b.min_lon)), sql.arg(Arg::Float(b.max_lon)));
        sql.push(&format!(
            " AND l.public_lat >= {s} AND l.public_lat <= {n} AND l.public_lon >= {w} AND l.public_lon <= {e}"
        ));
    }
}

/// The conditions of [`LabFilter::matches`], in SQL, on the labs table
/// alone (`l`), so that counting and grouping need no join.
pub(super) fn push_filter(sql: &mut Sql, f: &LabFilter) {
    if let Some(theme) = &f.theme {
        let p = sql.arg(Arg::Text(theme.as_ref().to_owned()));
        sql.push(&format!(" AND l.theme_key = {p}"));
    }
    if let Some(status) = f.status {
        let p = sql.arg(Arg::Text(status.code().to_owned()));
        sql.push(&format!(" AND l.status = {p}"));
    }
    if let Some(district) = f.district {
        let p = sql.arg(Arg::Int(district));
        sql.push(&format!(" AND l.istat_code IN (SELECT istat_code FROM municipalities WHERE district_id = {p})"));
    }
    if let Some(m) = &f.municipality {
        let p = sql.arg(Arg::Text(m.as_ref().to_owned()));
        sql.push(&format!(" AND l.istat_code = {p}"));
    }
    // Dates are stored as YYYY-MM-DD, which sorts as text in date order.
    if let Some(from) = f.active_from {
        let p = sql.arg(Arg::Text(from.to_string()));
        sql.push(&format!(" AND (l.ends_on IS NULL OR l.ends_on >= {p})"));
    }
    if let Some(to) = f.active_to {
        let p = sql.arg(Arg::Text(to.to_string()));
        sql.push(&format!(" AND l.starts_on <= {p}"));
    }
}

/// One lab's public page; 404 when there is no such lab.
pub async fn detail(db: &Db, id: i64) -> Result<LabDetail, ApiError> {
    let at = now();
    let row = sqlx::query(&format!(
        "SELECT {PUBLIC_COLUMNS}, l.description, l.contact, l.is_demo, z.name AS zone_name, \
         p.display_name AS facilitator FROM labs l JOIN municipalities m ON m.istat_code = l.istat_code \
         LEFT JOIN zones z ON z.id = l.zone_id LEFT JOIN people p ON p.id = l.facilitator_id WHERE l.id = $2"
    ))
    .bind(at)
    .bind(id)
    .fetch_optional(&db.pool)
    .await
    .map_err(db_error)?
    .ok_or(ApiError::NotFound)?;
    Ok(LabDetail {
        lab: public_from_row(&row)?,
        description: row.try_get("description").map_err(db_error)?,
        contact: row.try_get("contact").map_err(db_error)?,
        zone: row.try_get("zone_name").map_err(db_error)?,
        facilitator: row.try_get("facilitator").map_err(db_error)?,
        is_demo: row.try_get::<i64, _>("is_demo").map_err(db_error)? != 0,
        upcoming: upcoming(db, id, at).await?,
        attendance: attendance(db, id, at).await?,
    })
}

async fn upcoming(db: &Db, lab: i64, at: i64) -> Result<Vec<NextMeeting>, ApiError> {
    let rows = sqlx::query(
        "SELECT starts_at, topic FROM meetings WHERE lab_id = $1 AND starts_at >= $2 ORDER BY starts_at, id LIMIT $3",
    )
    .bind(lab)
    .bind(at)
    .bind(UPCOMING)
    .fetch_all(&db.pool)
    .await
    .map_err(db_error)?;
    rows.iter()
        .map(|r| Ok(NextMeeting { starts_at: r.try_get("starts_at")?, topic: r.try_get("topic")? }))
        .collect::<Result<_, sqlx::Error>>()
        .map_err(db_error)
}

/// Sums over the meetings that have taken place (PostgreSQL sums BIGINT to
/// NUMERIC, hence the casts).
async fn attendance(db: &Db, lab: i64, at: i64) -> Result<AttendanceTotals, ApiError> {
    let r = sqlx::query(
        "SELECT COUNT(*) AS meetings, CAST(COALESCE(SUM(attendance_total), 0) AS BIGINT) AS participants, \
         CAST(COALESCE(SUM(attendance_first_time), 0) AS BIGINT) AS first_time, \
         CAST(COALESCE(SUM(organisations), 0) AS BIGINT) AS organisations \
         FROM meetings WHERE lab_id = $1 AND starts_at < $2",
    )
    .bind(lab)
    .bind(at)
    .fetch_one(&db.pool)
    .await
    .map_err(db_error)?;
    let get = |col: &str| r.try_get::<i64, _>(col).map_err(db_error);
    Ok(AttendanceTotals {
        meetings: get("meetings")?,
        participants: get("participants")?,
        first_time: get("first_time")?,
        organisations: get("organisations")?,
    })
}

/// What a write needs to know that the form cannot: the theme exists and
/// the facilitator is staff.
async fn check_references(conn: &mut AnyConnection, lab: &ValidLab) -> Result<(), ApiError> {
    let theme = sqlx::query("SELECT key FROM themes WHERE key = $1")
        .bind(lab.theme.as_ref())
        .fetch_optional(&mut *conn)
        .await
        .map_err(db_error)?;
    if theme.is_none() {
        return Err(ApiError::validation("theme", ValidationCode::Choice));
    }
    if let Some(person) = lab.facilitator_id {
        let staff =
            sqlx::query("SELECT person_id FROM person_roles WHERE person_id = $1 AND role IN ('staff', 'admin')")
                .bind(person)
                .fetch_optional(&mut *conn)
                .await
                .map_err(db_error)?;
        if staff.is_none() {
            return Err(ApiError::validation("facilitator_id", ValidationCode::Choice));
        }
    }
    Ok(())
}

async fn record(
    conn: &mut AnyConnection,
    lab: i64,
    action: &str,
    placed: &Placement,
    point: Point,
    by: Option<i64>,
) -> Result<(), ApiError> {
    sqlx::query(
        "INSERT INTO lab_history (lab_id, action, istat_code, lon, lat, at, person_id) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(lab)
    .bind(action)
    .bind(placed.istat.as_str())
    .bind(point.lon)
    .bind(point.lat)
    .bind(now())
    .bind(by)
    .execute(&mut *conn)
    .await
    .map_err(db_error)?;
    Ok(())
}

/// Creates a lab; its municipality, zone and public point come from its point.
pub async fn create(db: &Db, lab: &ValidLab, by: Option<i64>, is_demo: bool) -> Result<i64, ApiError> {
    let mut tx = db.pool.begin().await.map_err(db_error)?;
    check_references(&mut tx, lab).await?;
    let placed = place(&mut tx, lab.point, lab.precision).await?;
    let at = now();
    let query = sqlx::query(
        "INSERT INTO labs (name, description, theme_key, status, lon, lat, address, location_precision, \
         public_lon, public_lat, public_x, public_y, istat_code, zone_id, facilitator_id, contact, starts_on, \
         ends_on, schedule, is_demo, created_at, updated_at, created_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $21, \
         $22) \
         RETURNING id",
    );
    let id: i64 = bind_fields(query, lab, &placed)
        .bind(i64::from(is_demo))
        .bind(at)
        .bind(by)
        .fetch_one(&mut *tx)
        .await
        .and_then(|r| r.try_get("id"))
        .map_err(db_error)?;
    record(&mut tx, id, "created", &placed, lab.point, by).await?;
    tx.commit().await.map_err(db_error)?;
    Ok(id)
}

/// Binds `$1`–`$19`: the lab's fields with its placement (`$9`–`$14`, see
/// `Placement::bind`), in the column order that both the insert and the update use.
fn bind_fields<'q>(query: Query<'q>, lab: &'q ValidLab, placed: &'q Placement) -> Query<'q> {
    let query = query
        .bind(&lab.name)
        .bind(lab.description.as_deref())
        .bind(lab.theme.as_ref())
        .bind(lab.status.code())
        .bind(lab.point.lon)
        .bind(lab.point.lat)
        .bind(lab.address.as_deref())
        .bind(lab.precision.code());
    placed
        .bind(query)
        .bind(lab.facilitator_id)
        .bind(lab.contact.as_deref())
        .bind(lab.starts_on.to_string())
        .bind(lab.ends_on.map(|d| d.to_string()))
        .bind(lab.schedule.as_deref())
}

/// Replaces every field of a lab, placing it again; 404 when there is none.
pub async fn update(db: &Db, id: i64, lab: &ValidLab, by: i64) -> Result<(), ApiError> {
    let mut tx = db.pool.begin().await.map_err(db_error)?;
    check_references(&mut tx, lab).await?;
    let placed = place(&mut tx, lab.point, lab.precision).await?;
    let query = sqlx::query(
        "UPDATE labs SET name = $1, description = $2, theme_key = $3, status = $4, lon = $5, lat = $6, \
         address = $7, location_precision = $8, public_lon = $9, public_lat = $10, public_x = $11, public_y = $12, \
         istat_code = $13, zone_id = $14, facilitator_id = $15, contact = $16, starts_on = $17, ends_on = $18, \
         schedule = $19, updated_at = $20 WHERE id = $21",
    );
    let done = bind_fields(query, lab, &placed).bind(now()).bind(id).execute(&mut *tx).await.map_err(db_error)?;
    if done.rows_affected() == 0 {
        return Err(ApiError::NotFound);
    }
    record(&mut tx, id, "updated", &placed, lab.point, Some(by)).await?;
    tx.commit().await.map_err(db_error)
}

/// Moves a lab to a new point: municipality, zone and public point follow.
pub async fn move_to(db: &Db, id: i64, point: Point, by: i64) -> Result<(), ApiError> {
    let mut tx = db.pool.begin().await.map_err(db_error)?;
    let code: String = sqlx::query("SELECT location_precision FROM labs WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_error)?
        .ok_or(ApiError::NotFound)?
        .try_get("location_precision")
        .map_err(db_error)?;
    let precision = LocationPrecision::parse(&code).ok_or_else(|| corrupt("precision"))?;
    let placed = place(&mut tx, point, precision).await?;
    let query = sqlx::query(
        "UPDATE labs SET lon = $1, lat = $2, public_lon = $3, public_lat = $4, public_x = $5, public_y = $6, \
         istat_code = $7, zone_id = $8, updated_at = $9 WHERE id = $10",
    );
    placed
        .bind(query.bind(point.lon).bind(point.lat))
        .bind(now())
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
    record(&mut tx, id, "moved", &placed, point, Some(by)).await?;
    tx.commit().await.map_err(db_error)
}

/// A lab as staff edit it: every stored field, the exact point included.
pub async fn form(db: &Db, id: i64) -> Result<LabInput, ApiError> {
    let r = sqlx::query(
        "SELECT name, description, theme_key, status, lon, lat, address, location_precision, facilitator_id, \
         contact, starts_on, ends_on, schedule FROM labs WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await
    .map_err(db_error)?
    .ok_or(ApiError::NotFound)?;
    let text = |col: &str| r.try_get::<Option<String>, _>(col).map(Option::unwrap_or_default);
    Ok(LabInput {
        name: text("name").map_err(db_error)?,
        description: text("description").map_err(db_error)?,
        theme: text("theme_key").map_err(db_error)?,
        status: text("status").map_err(db_error)?,
        lon: r.try_get("lon").map_err(db_error)?,
        lat: r.try_get("lat").map_err(db_error)?,
        address: text("address").map_err(db_error)?,
        precision: text("location_precision").map_err(db_error)?,
        facilitator_id: r.try_get("facilitator_id").map_err(db_error)?,
        contact: text("contact").map_err(db_error)?,
        starts_on: text("starts_on").map_err(db_error)?,
        ends_on: r.try_get("ends_on").map_err(db_error)?,
        schedule: text("schedule").map_err(db_error)?,
    })
}
