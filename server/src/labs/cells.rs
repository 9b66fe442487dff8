//! Labs grouped for a map at a zoom, in the database: one row per screen
//! cell that holds labs, however many labs the view holds.
//!
//! Each lab stores its public point in whole pixels at zoom 24
//! (`public_x`, `public_y`, see `shared::geo::world_px`), so the cell at
//! zoom `z` is an integer division, the same `shared::geo::grid_groups`
//! computes (the tests compare the two). Loading every lab of the view and
//! grouping it in Rust made a whole-province view read 50,000 rows.
//!
//! A view holding the whole province (the map's first view, at any screen
//! size) asks for every lab, so its grouping per zoom and filter is kept in
//! this process's memory (`CellCache`) until `labs_revision` changes: the
//! database bumps it by trigger on every change of a lab or of a comune's
//! district, so another process's writes are seen at the next request.

use super::province::province;
use super::sql::{Arg, Sql};
use super::store;
use crate::db::Db;
use crate::errors::db_error;
use shared::geo::{cell_side, world_px, BBox, Point};
use shared::labs::{LabFilter, LabGroup, LabPublic, GROUP_CELL_PX};
use shared::ApiError;
use sqlx::Row;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Groupings kept per process at most, and the largest one kept.
const CACHED_ENTRIES: usize = 64;
const CACHED_CELLS: usize = 10_000;

/// `(zoom, filter query)`.
type CacheKey = (u8, String);
/// The labs' revision a grouping was computed from, and the grouping.
type CacheEntry = (i64, Arc<Vec<Cell>>);

/// Province-wide groupings, with the revision of the labs they come from.
#[derive(Default)]
pub struct CellCache {
    entries: Mutex<HashMap<CacheKey, CacheEntry>>,
}

impl CellCache {
    fn get(&self, key: &CacheKey, revision: i64) -> Option<Arc<Vec<Cell>>> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.get(key).filter(|(r, _)| *r == revision).map(|(_, cells)| cells.clone())
    }

    fn put(&self, key: CacheKey, revision: i64, cells: Arc<Vec<Cell>>) {
        if cells.len() > CACHED_CELLS {
            return;
        }
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= CACHED_ENTRIES {
            entries.retain(|_, (r, _)| *r == revision);
        }
        if entries.len() >= CACHED_ENTRIES {
            entries.clear();
        }
        entries.insert(key, (revision, cells));
    }
}

/// The labs of one cell: their number, the first lab (by id), and the
/// extent and mean of their public points.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub count: i64,
    pub first_id: i64,
    pub mean: Point,
    /// `[minLon, minLat, maxLon, maxLat]`.
    pub bbox: [f64; 4],
}

/// What the map draws in one place: a lab alone in its cell, or a group.
#[derive(Debug, Clone, PartialEq)]
pub enum MapEntry {
    Lab(LabPublic),
    Group { at: Point, group: LabGroup },
}

/// The cells at `zoom` of the labs in `bbox` that pass the filter, in the
/// order of their first lab. A box around the whole province is the same
/// question as no box (every public point lies in a comune's box), and
/// that question is answered from the cache when nothing changed.
pub async fn cells(db: &Db, bbox: Option<BBox>, filter: &LabFilter, zoom: u8) -> Result<Arc<Vec<Cell>>, ApiError> {
    let whole = province().bbox();
    let bbox = bbox.filter(|b| whole.is_none_or(|p| !b.covers(&p)));
    if bbox.is_some() {
        return query_cells(db, bbox, filter, zoom).await.map(Arc::new);
    }
    let key = (zoom, filter.to_query());
    let revision = revision(db).await?;
    if let Some(cells) = db.map_cells.get(&key, revision) {
        return Ok(cells);
    }
    let cells = Arc::new(query_cells(db, None, filter, zoom).await?);
    db.map_cells.put(key, revision, cells.clone());
    Ok(cells)
}

/// The labs' revision (see the module's comment).
async fn revision(db: &Db) -> Result<i64, ApiError> {
    sqlx::query("SELECT revision FROM labs_revision WHERE id = 1")
        .fetch_one(&db.pool)
        .await
        .and_then(|r| r.try_get("revision"))
        .map_err(db_error)
}

async fn query_cells(db: &Db, bbox: Option<BBox>, filter: &LabFilter, zoom: u8) -> Result<Vec<Cell>, ApiError> {
    let mut sql = Sql::new("");
    let side = sql.arg(Arg::Int(cell_side(zoom, GROUP_CELL_PX)));
    sql.push(
        "SELECT COUNT(*) AS n, MIN(l.id) AS first_id, AVG(l.public_lon) AS mean_lon, AVG(l.public_lat) AS mean_lat, \
         MIN(l.public_lon) AS west, MIN(l.public_lat) AS south, MAX(l.public_lon) AS east, \
         MAX(l.public_lat) AS north FROM labs l WHERE 1 = 1",
    );
    store::push_bbox(&mut sql, bbox);
    store::push_filter(&mut sql, filter);
    sql.push(&format!(" GROUP BY l.public_x / {side}, l.public_y / {side} ORDER BY first_id"));
    let rows = sql.query().fetch_all(&db.pool).await.map_err(db_error)?;
    rows.iter()
        .map(|r| {
            let f = |col: &str| r.try_get::<f64, _>(col);
            Ok(Cell {
                count: r.try_get("n")?,
                first_id: r.try_get("first_id")?,
                mean: Point { lon: f("mean_lon")?, lat: f("mean_lat")? },
                bbox: [f("west")?, f("south")?, f("east")?, f("north")?],
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(db_error)
}

/// The map's content at `zoom`: labs alone in their cell with their public
/// fields, crowded ones as groups.
pub async fn map_entries(db: &Db, bbox: Option<BBox>, filter: &LabFilter, zoom: u8) -> Result<Vec<MapEntry>, ApiError> {
    let cells = cells(db, bbox, filter, zoom).await?;
    let alone: Vec<i64> = cells.iter().filter(|c| c.count == 1).map(|c| c.first_id).collect();
    let mut labs: HashMap<i64, LabPublic> =
        store::public_labs_by_id(db, &alone).await?.into_iter().map(|l| (l.id, l)).collect();
    Ok(cells
        .iter()
        .filter_map(|c| match c.count {
            // A lab deleted between the two reads is simply not drawn.
            1 => labs.remove(&c.first_id).map(MapEntry::Lab),
            n => Some(MapEntry::Group {
                at: c.mean,
                group: LabGroup { group: true, count: usize::try_from(n).unwrap_or(0), bbox: c.bbox },
            }),
        })
        .collect())
}

/// Stores the pixels of labs written before they were stored (migration
/// 0008); nothing to do afterwards. Returns how many were filled.
pub async fn fill_missing_pixels(db: &Db) -> Result<usize, ApiError> {
    let rows = sqlx::query("SELECT id, public_lon, public_lat FROM labs WHERE public_x IS NULL OR public_y IS NULL")
        .fetch_all(&db.pool)
        .await
        .map_err(db_error)?;
    if rows.is_empty() {
        return Ok(0);
    }
    let mut tx = db.pool.begin().await.map_err(db_error)?;
    for r in &rows {
        let id: i64 = r.try_get("id").map_err(db_error)?;
        let point =
            Point { lon: r.try_get("public_lon").map_err(db_error)?, lat: r.try_get("public_lat").map_err(db_error)? };
        let (x, y) = world_px(point);
        // Unless another process placed the lab meanwhile (it wrote both).
        sqlx::query(
            "UPDATE labs SET public_x = $1, public_y = $2 WHERE id = $3 AND (public_x IS NULL OR public_y IS NULL)",
        )
        .bind(x)
        .bind(y)
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(db_error)?;
    }
    tx.commit().await.map_err(db_error)?;
    Ok(rows.len())
}
