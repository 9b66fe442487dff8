//! Where a lab is: its municipality and zone, found from its point, and the
//! point the public sees.

use super::province::{province, Comune};
use crate::errors::db_error;
use shared::error::ValidationCode;
use shared::geo::{Geometry, Point};
use shared::labs::{public_point, LocationPrecision};
use shared::ApiError;
use sqlx::{AnyConnection, Row};

#[derive(Debug, Clone, PartialEq)]
pub struct Placement {
    pub istat: String,
    pub zone_id: Option<i64>,
    /// What the public sees (see `shared::labs::public_point`).
    pub public: Point,
}

/// A query on the `Any` driver, as `bind` takes and returns it.
pub type Query<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

impl Placement {
    /// The public point in whole pixels, stored beside it for grouping.
    pub fn public_px(&self) -> (i64, i64) {
        shared::geo::world_px(self.public)
    }

    /// Binds the six columns a placement decides, always written together
    /// (the pixels must follow the public point), in this order:
    /// `public_lon, public_lat, public_x, public_y, istat_code, zone_id`.
    pub fn bind<'q>(&'q self, query: Query<'q>) -> Query<'q> {
        let (x, y) = self.public_px();
        query.bind(self.public.lon).bind(self.public.lat).bind(x).bind(y).bind(self.istat.as_str()).bind(self.zone_id)
    }
}

/// A zone's shape and representative point, as stored.
pub struct ZoneShape {
    pub id: i64,
    pub geometry: Geometry,
    pub centroid: Point,
}

/// The pure rule: the first zone of the municipality that contains the
/// point, and the public point from the zone's centroid, else the
/// municipality's.
pub fn place_in(comune: &Comune, zones: &[ZoneShape], point: Point, precision: LocationPrecision) -> Placement {
    let zone = zones.iter().find(|z| z.geometry.contains(point));
    let area_centroid = zone.map_or(comune.centroid, |z| z.centroid);
    Placement {
        istat: comune.istat.as_ref().to_owned(),
        zone_id: zone.map(|z| z.id),
        public: public_point(precision, point, area_centroid),
    }
}

/// Places a point: 422 on `point` when it is outside the province. Zones
/// are read from the database each time, since other processes may have
/// imported new ones.
pub async fn place(
    conn: &mut AnyConnection,
    point: Point,
    precision: LocationPrecision,
) -> Result<Placement, ApiError> {
    let comune = province()
        .municipality_at(point)
        .ok_or_else(|| ApiError::validation("point", ValidationCode::OutsideProvince))?;
    let zones = zones_around(conn, comune.istat.as_ref(), Some(point)).await?;
    Ok(place_in(comune, &zones, point, precision))
}

/// The zones of a municipality, only those whose box holds `point` when given.
pub async fn zones_around(
    conn: &mut AnyConnection,
    istat: &str,
    point: Option<Point>,
) -> Result<Vec<ZoneShape>, ApiError> {
    let rows = match point {
        Some(p) => sqlx::query(
            "SELECT id, geometry, centroid_lon, centroid_lat FROM zones WHERE istat_code = $1 \
             AND min_lon <= $2 AND max_lon >= $2 AND min_lat <= $3 AND max_lat >= $3 ORDER BY id",
        )
        .bind(istat)
        .bind(p.lon)
        .bind(p.lat)
        .fetch_all(&mut *conn)
        .await
        .map_err(db_error)?,
        None => {
            sqlx::query("SELECT id, geometry, centroid_lon, centroid_lat FROM zones WHERE istat_code = $1 ORDER BY id")
                .bind(istat)
                .fetch_all(&mut *conn)
                .await
                .map_err(db_error)?
        }
    };
    rows.iter().map(zone_shape).collect()
}

fn zone_shape(r: &sqlx::any::AnyRow) -> Result<ZoneShape, ApiError> {
    let text: String = r.try_get("geometry").map_err(db_error)?;
    let geometry = serde_json::from_str(&text).map_err(|e| {
        tracing::error!(error = %e, "stored zone geometry");
        ApiError::Internal
    })?;
    Ok(ZoneShape {
        id: r.try_get("id").map_err(db_error)?,
        geometry,
        centroid: Point {
            lon: r.try_get("centroid_lon").map_err(db_error)?,
            lat: r.try_get("centroid_lat").map_err(db_error)?,
        },
    })
}

/// Recomputes zone and public point of every lab in a municipality, after
/// its zones changed.
pub async fn relocate_labs(conn: &mut AnyConnection, istat: &str) -> Result<(), ApiError> {
    let Some((comune, _)) = province().get(istat) else {
        return Ok(());
    };
    let zones = zones_around(conn, istat, None).await?;
    let labs = sqlx::query("SELECT id, lon, lat, location_precision FROM labs WHERE istat_code = $1")
        .bind(istat)
        .fetch_all(&mut *conn)
        .await
        .map_err(db_error)?;
    for r in labs {
        let id: i64 = r.try_get("id").map_err(db_error)?;
        let point = Point { lon: r.try_get("lon").map_err(db_error)?, lat: r.try_get("lat").map_err(db_error)? };
        let code: String = r.try_get("location_precision").map_err(db_error)?;
        let precision = LocationPrecision::parse(&code).ok_or(ApiError::Internal)?;
        let p = place_in(comune, &zones, point, precision);
        p.bind(sqlx::query(
            "UPDATE labs SET public_lon = $1, public_lat = $2, public_x = $3, public_y = $4, istat_code = $5, \
             zone_id = $6 WHERE id = $7",
        ))
        .bind(id)
        .execute(&mut *conn)
        .await
        .map_err(db_error)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(id: i64, lon: f64, lat: f64, side: f64) -> ZoneShape {
        let ring = vec![[lon, lat], [lon + side, lat], [lon + side, lat + side], [lon, lat + side], [lon, lat]];
        let geometry = Geometry::Polygon { coordinates: vec![ring] };
        let centroid = geometry.centroid().unwrap();
        ZoneShape { id, geometry, centroid }
    }

    #[test]
    fn area_labs_take_the_zone_or_municipality_centroid() {
        let crema = province().get("019035").unwrap().0;
        let point = Point { lon: 9.6886, lat: 45.3640 };
        let zones = [square(1, 9.60, 45.30, 0.01), square(2, 9.68, 45.36, 0.01)];
        let exact = place_in(crema, &zones, point, LocationPrecision::Exact);
        assert_eq!((exact.zone_id, exact.public, exact.istat.as_str()), (Some(2), point, "019035"));
        let area = place_in(crema, &zones, point, LocationPrecision::Area);
        assert_eq!(area.public, zones[1].centroid);
        let no_zone = place_in(crema, &zones[..1], point, LocationPrecision::Area);
        assert_eq!((no_zone.zone_id, no_zone.public), (None, crema.centroid));
    }
}
