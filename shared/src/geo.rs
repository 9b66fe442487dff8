//! Geometry on WGS84 longitude/latitude (EPSG:4326) for the map of districts,
//! neighbourhoods and labs: points, bounding boxes, GeoJSON polygons, point in
//! polygon, representative points and the validation of the zones admins upload.
//!
//! The maths is planar on degrees. That is exact for containment (web maps
//! draw polygon edges as straight lines in lon/lat) and good enough for
//! centroids at the scale of a province.
//!
//! **Ring winding is never relied on.** Our boundary data winds exterior rings
//! clockwise (the d3 convention), RFC 7946 says counter-clockwise and uploads
//! may do either. Containment is even-odd over all the rings of a polygon,
//! and areas are taken as absolute values with the first ring of a polygon
//! its exterior and the others its holes.

use crate::error::{ApiError, FieldError, ValidationCode};
use crate::i18n::{t, Text};
use serde::{Deserialize, Serialize};

/// A GeoJSON position: `[longitude, latitude]`.
pub type Position = [f64; 2];

/// A closed ring: at least four positions, the last equal to the first.
pub type Ring = Vec<Position>;

/// Metres per degree of latitude (mean Earth radius 6,371,008.8 m × π / 180).
const METRES_PER_DEGREE: f64 = 111_195.08;

/// How far outside the province a zone's vertex may lie and still be
/// accepted by [`validate_zone`]. Zones drawn from other sources
/// (OpenStreetMap, a municipality's own GIS) never follow ISTAT's
/// generalised boundaries exactly, and a vertex placed on the border itself
/// must not depend on rounding.
pub const PROVINCE_TOLERANCE_M: f64 = 100.0;

/// The most vertices an uploaded zone may have. It bounds the work of
/// validation and of every later point-in-polygon test; a neighbourhood
/// needs a few hundred.
pub const MAX_ZONE_VERTICES: usize = 50_000;

/// A WGS84 point. Build it with [`Point::parse`] from user input.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Point {
    pub lon: f64,
    pub lat: f64,
}

impl Point {
    /// Both numbers finite, longitude in -180..=180, latitude in -90..=90.
    pub fn parse(lon: f64, lat: f64) -> Result<Point, ValidationCode> {
        if in_wgs84(lon, lat) {
            Ok(Point { lon, lat })
        } else {
            Err(ValidationCode::Coordinates)
        }
    }

    pub fn position(self) -> Position {
        [self.lon, self.lat]
    }

    /// Approximate distance in metres: equirectangular at the mean latitude,
    /// within 0.1 % of the great-circle distance over a few tens of kilometres.
    pub fn distance_m(self, other: Point) -> f64 {
        let mean_lat = (self.lat + other.lat) / 2.0;
        let east = (other.lon - self.lon) * METRES_PER_DEGREE * mean_lat.to_radians().cos();
        east.hypot((other.lat - self.lat) * METRES_PER_DEGREE)
    }

    /// `p` in metres east and north of `self`.
    fn local_metres(self, p: Position) -> [f64; 2] {
        let east = (p[0] - self.lon) * METRES_PER_DEGREE * self.lat.to_radians().cos();
        [east, (p[1] - self.lat) * METRES_PER_DEGREE]
    }
}

/// NaN fails every comparison and the infinities fall outside the ranges,
/// so this also checks that both numbers are finite.
fn in_wgs84(lon: f64, lat: f64) -> bool {
    (-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat)
}

/// A bounding box, edges included. West never exceeds east: boxes across the
/// antimeridian are not needed in Italy and are refused.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BBox {
    pub min_lon: f64,
    pub min_lat: f64,
    pub max_lon: f64,
    pub max_lat: f64,
}

impl BBox {
    /// Parses `minLon,minLat,maxLon,maxLat` (west, south, east, north), the
    /// order map libraries give the visible area in (the API's `?bbox=`).
    /// Spaces around the numbers are allowed.
    pub fn parse_query(raw: &str) -> Result<BBox, ValidationCode> {
        let numbers: Vec<f64> = raw
            .split(',')
            .map(|n| n.trim().parse::<f64>())
            .collect::<Result<_, _>>()
            .map_err(|_| ValidationCode::Bbox)?;
        let [min_lon, min_lat, max_lon, max_lat] = numbers[..] else {
            return Err(ValidationCode::Bbox);
        };
        let valid =
            in_wgs84(min_lon, min_lat) && in_wgs84(max_lon, max_lat) && min_lon <= max_lon && min_lat <= max_lat;
        if valid {
            Ok(BBox { min_lon, min_lat, max_lon, max_lat })
        } else {
            Err(ValidationCode::Bbox)
        }
    }

    /// The inverse of [`BBox::parse_query`]. Rust prints the shortest text
    /// that parses back to the same `f64`, so the round trip is exact.
    pub fn to_query(&self) -> String {
        format!("{},{},{},{}", self.min_lon, self.min_lat, self.max_lon, self.max_lat)
    }

    pub fn contains(&self, p: Point) -> bool {
        (self.min_lon..=self.max_lon).contains(&p.lon) && (self.min_lat..=self.max_lat).contains(&p.lat)
    }

    /// True when the boxes share at least a point (touching edges count).
    pub fn intersects(&self, other: &BBox) -> bool {
        self.min_lon <= other.max_lon
            && other.min_lon <= self.max_lon
            && self.min_lat <= other.max_lat
            && other.min_lat <= self.max_lat
    }

    /// The box around a ring's positions; `None` for an empty ring.
    pub fn of_ring(ring: &[Position]) -> Option<BBox> {
        let (first, rest) = ring.split_first()?;
        let start = BBox { min_lon: first[0], min_lat: first[1], max_lon: first[0], max_lat: first[1] };
        Some(
            rest.iter()
                .fold(start, |b, p| b.union(&BBox { min_lon: p[0], min_lat: p[1], max_lon: p[0], max_lat: p[1] })),
        )
    }

    /// The box around every position of a geometry; `None` when it has none.
    pub fn of_geometry(geometry: &Geometry) -> Option<BBox> {
        geometry.bbox()
    }

    pub fn center(&self) -> Point {
        Point { lon: (self.min_lon + self.max_lon) / 2.0, lat: (self.min_lat + self.max_lat) / 2.0 }
    }

    /// Whether `other` lies wholly inside this box.
    pub fn covers(&self, other: &BBox) -> bool {
        self.min_lon <= other.min_lon
            && self.min_lat <= other.min_lat
            && self.max_lon >= other.max_lon
            && self.max_lat >= other.max_lat
    }

    pub fn union(&self, other: &BBox) -> BBox {
        BBox {
            min_lon: self.min_lon.min(other.min_lon),
            min_lat: self.min_lat.min(other.min_lat),
            max_lon: self.max_lon.max(other.max_lon),
            max_lat: self.max_lat.max(other.max_lat),
        }
    }

    /// The box grown by about `metres` on every side (the east-west growth
    /// is computed at the box's southern or northern edge, whichever is
    /// farther from the equator, so it is never too small).
    fn grown_m(&self, metres: f64) -> BBox {
        let dlat = metres / METRES_PER_DEGREE;
        let widest_lat = self.min_lat.abs().max(self.max_lat.abs()).min(89.0);
        let dlon = dlat / widest_lat.to_radians().cos();
        BBox {
            min_lon: self.min_lon - dlon,
            min_lat: self.min_lat - dlat,
            max_lon: self.max_lon + dlon,
            max_lat: self.max_lat + dlat,
        }
    }
}

/// A GeoJSON area geometry, as stored and published (`{"type": "Polygon",
/// "coordinates": …}`). Each polygon is a list of rings: the exterior first,
/// then its holes. Values of this type come from [`validate_zone`] or from
/// our own data; uploads arrive as [`GeometryInput`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Geometry {
    Polygon {
        #[cfg_attr(feature = "openapi", schema(value_type = Vec<Vec<Vec<f64>>>))]
        coordinates: Vec<Ring>,
    },
    MultiPolygon {
        #[cfg_attr(feature = "openapi", schema(value_type = Vec<Vec<Vec<Vec<f64>>>>))]
        coordinates: Vec<Vec<Ring>>,
    },
}

impl Geometry {
    /// Each polygon as its rings, exterior first.
    pub fn polygons(&self) -> impl Iterator<Item = &[Ring]> + '_ {
        let (single, many): (Option<&[Ring]>, &[Vec<Ring>]) = match self {
            Geometry::Polygon { coordinates } => (Some(coordinates.as_slice()), &[]),
            Geometry::MultiPolygon { coordinates } => (None, coordinates),
        };
        single.into_iter().chain(many.iter().map(Vec::as_slice))
    }

    /// Point in polygon: inside one of the polygons, not in a hole. A point
    /// on an edge shared by two neighbours is inside exactly one of them, so
    /// municipalities never both claim a point.
    pub fn contains(&self, p: Point) -> bool {
        self.polygons().any(|rings| polygon_contains(rings, p))
    }

    pub fn bbox(&self) -> Option<BBox> {
        self.polygons().flatten().filter_map(|ring| BBox::of_ring(ring)).reduce(|a, b| a.union(&b))
    }

    pub fn vertex_count(&self) -> usize {
        self.polygons().flatten().map(Vec::len).sum()
    }

    /// Planar area in square degrees, holes subtracted: for comparing shapes,
    /// never for showing (a square degree is not a fixed surface).
    pub fn area(&self) -> f64 {
        self.polygons().map(polygon_area).sum()
    }

    /// The point that stands for the whole area, used to publish an
    /// approximate location instead of an exact one.
    ///
    /// It is the area-weighted centroid of **all** the polygons (holes
    /// subtracted), so a municipality with a small exclave still gets the
    /// centre of its main body. When that point is not inside the geometry
    /// (a crescent, a C, a ring around a hole, or parts far apart) it falls
    /// back to [`Geometry::interior_point`]. The result is always inside;
    /// `None` only when the geometry has no area.
    pub fn centroid(&self) -> Option<Point> {
        let origin = self.bbox()?.center().position();
        let m = self.polygons().map(|rings| polygon_moments(rings, origin)).fold(Moments::default(), Moments::add);
        if !(m.area > 0.0 && m.mx.is_finite() && m.my.is_finite()) {
            return None;
        }
        let c = Point { lon: origin[0] + m.mx / m.area, lat: origin[1] + m.my / m.area };
        if self.contains(c) {
            Some(c)
        } else {
            self.interior_point()
        }
    }

    /// A point inside the largest polygon: on a horizontal line through its
    /// middle, the midpoint of the widest stretch that lies inside. Every
    /// candidate is checked with [`Geometry::contains`] before it is returned.
    pub fn interior_point(&self) -> Option<Point> {
        let largest = self.polygons().max_by(|a, b| polygon_area(a).total_cmp(&polygon_area(b)))?;
        polygon_interior_point(largest)
    }

    /// Distance in metres from `p` to the nearest edge of any ring;
    /// infinite when the geometry has no edges.
    pub fn distance_to_boundary_m(&self, p: Point) -> f64 {
        self.polygons()
            .flatten()
            .flat_map(|ring| edges(ring))
            .map(|(a, b)| segment_distance_m(p, a, b))
            .fold(f64::INFINITY, f64::min)
    }
}

/// The key of the first geometry that contains `p`: which municipality or
/// neighbourhood a lab lies in. For example
/// `find_containing(p, comuni.iter().map(|(code, g)| (code, g)))`.
pub fn find_containing<'a, K>(p: Point, geometries: impl IntoIterator<Item = (K, &'a Geometry)>) -> Option<K> {
    geometries.into_iter().find(|(_, g)| g.contains(p)).map(|(key, _)| key)
}

/// A ring's edges, closing back to the first position. An explicitly closed
/// ring yields a final zero-length edge, which every computation ignores.
fn edges(ring: &[Position]) -> impl Iterator<Item = (Position, Position)> + '_ {
    ring.iter().copied().zip(ring.iter().copied().skip(1).chain(ring.first().copied()))
}

/// Where the edge `a`–`b` crosses the horizontal line at `lat`, if it does.
///
/// An edge counts when exactly one end lies strictly north of the line (the
/// half-open rule): a vertex on the line is then counted once, never twice.
/// The endpoints are put in a fixed order before dividing because two
/// neighbouring polygons walk their shared edge in opposite directions: the
/// same arithmetic gives both the same crossing, so a point on or near the
/// edge goes to exactly one of them.
fn crossing_lon(a: Position, b: Position, lat: f64) -> Option<f64> {
    if (a[1] > lat) == (b[1] > lat) {
        return None;
    }
    let (south, north) = if a[1] < b[1] { (a, b) } else { (b, a) };
    Some(south[0] + (lat - south[1]) * (north[0] - south[0]) / (north[1] - south[1]))
}

/// Even-odd ray casting eastwards over every ring: a point in a hole crosses
/// the exterior and the hole, an even count, so it is outside.
fn polygon_contains(rings: &[Ring], p: Point) -> bool {
    let crossings = rings
        .iter()
        .flat_map(|ring| edges(ring))
        .filter(|&(a, b)| crossing_lon(a, b, p.lat).is_some_and(|lon| p.lon < lon))
        .count();
    crossings % 2 == 1
}

/// Signed area and first moments (area × centroid) from the shoelace formula.
#[derive(Debug, Default, Clone, Copy)]
struct Moments {
    area: f64,
    mx: f64,
    my: f64,
}

impl Moments {
    fn add(self, o: Moments) -> Moments {
        Moments { area: self.area + o.area, mx: self.mx + o.mx, my: self.my + o.my }
    }

    fn scale(self, k: f64) -> Moments {
        Moments { area: self.area * k, mx: self.mx * k, my: self.my * k }
    }
}

/// Moments of a ring relative to `origin`. Subtracting a nearby origin keeps
/// the shoelace products small: in raw degrees (10 × 45) they would cancel
/// most of the significant digits of a small area.
fn ring_moments(ring: &[Position], origin: Position) -> Moments {
    edges(ring).fold(Moments::default(), |m, (a, b)| {
        let (x0, y0, x1, y1) = (a[0] - origin[0], a[1] - origin[1], b[0] - origin[0], b[1] - origin[1]);
        let cross = x0 * y1 - x1 * y0;
        m.add(Moments { area: cross / 2.0, mx: (x0 + x1) * cross / 6.0, my: (y0 + y1) * cross / 6.0 })
    })
}

/// The exterior counts positive and the holes negative, whatever their winding.
fn polygon_moments(rings: &[Ring], origin: Position) -> Moments {
    rings.iter().enumerate().fold(Moments::default(), |acc, (i, ring)| {
        let m = ring_moments(ring, origin);
        let role = if i == 0 { 1.0 } else { -1.0 };
        acc.add(m.scale(role * m.area.signum()))
    })
}

fn polygon_area(rings: &[Ring]) -> f64 {
    let origin = rings.first().and_then(|r| r.first()).copied().unwrap_or_default();
    polygon_moments(rings, origin).area
}

/// See [`Geometry::interior_point`]. Scanlines run halfway between two
/// consecutive vertex latitudes, so they never pass through a vertex and
/// every stretch has a positive width; the ones nearest the middle of the
/// polygon are tried first.
fn polygon_interior_point(rings: &[Ring]) -> Option<Point> {
    let middle = BBox::of_ring(rings.first()?)?.center().lat;
    let mut lats: Vec<f64> = rings.iter().flatten().map(|p| p[1]).collect();
    lats.sort_by(f64::total_cmp);
    lats.dedup();
    let mut scanlines: Vec<f64> = lats.windows(2).map(|w| (w[0] + w[1]) / 2.0).collect();
    scanlines.sort_by(|a, b| (a - middle).abs().total_cmp(&(b - middle).abs()));
    scanlines.into_iter().find_map(|lat| {
        let p = Point { lon: widest_stretch_middle(rings, lat)?, lat };
        polygon_contains(rings, p).then_some(p)
    })
}

/// The crossings of a horizontal line, sorted, pair up into stretches that
/// lie inside (even-odd); returns the middle of the widest one.
fn widest_stretch_middle(rings: &[Ring], lat: f64) -> Option<f64> {
    let mut lons: Vec<f64> =
        rings.iter().flat_map(|ring| edges(ring)).filter_map(|(a, b)| crossing_lon(a, b, lat)).collect();
    lons.sort_by(f64::total_cmp);
    lons.chunks_exact(2)
        .filter(|pair| pair[1] > pair[0])
        .max_by(|a, b| (a[1] - a[0]).total_cmp(&(b[1] - b[0])))
        .map(|pair| (pair[0] + pair[1]) / 2.0)
}

/// Distance from `p` to the segment `a`–`b`, in a local metric projection.
fn segment_distance_m(p: Point, a: Position, b: Position) -> f64 {
    let [ax, ay] = p.local_metres(a);
    let [bx, by] = p.local_metres(b);
    let (dx, dy) = (bx - ax, by - ay);
    let length2 = dx * dx + dy * dy;
    // Position along the segment of the foot of the perpendicular from p (the origin).
    let along = if length2 > 0.0 { (-(ax * dx + ay * dy) / length2).clamp(0.0, 1.0) } else { 0.0 };
    (ax + along * dx).hypot(ay + along * dy)
}

/// A GeoJSON geometry as an admin uploads it. Every GeoJSON type is read, so
/// that a file of points or lines gets [`ZoneError::NotAnArea`] rather than a
/// parse failure; positions are read as lists of numbers so that a third one
/// (altitude, written by some GIS exports) is accepted and dropped. Turn it
/// into a [`Geometry`] with [`validate_zone`].
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "type")]
pub enum GeometryInput {
    Polygon {
        coordinates: Vec<Vec<Vec<f64>>>,
    },
    MultiPolygon {
        coordinates: Vec<Vec<Vec<Vec<f64>>>>,
    },
    Point,
    MultiPoint,
    LineString,
    MultiLineString,
    GeometryCollection,
    /// Any other `type`, e.g. a whole `Feature` where a geometry was expected.
    #[serde(other)]
    Unknown,
}

impl GeometryInput {
    /// The GeoJSON type name, for messages and logs.
    pub fn kind(&self) -> &'static str {
        match self {
            GeometryInput::Polygon { .. } => "Polygon",
            GeometryInput::MultiPolygon { .. } => "MultiPolygon",
            GeometryInput::Point => "Point",
            GeometryInput::MultiPoint => "MultiPoint",
            GeometryInput::LineString => "LineString",
            GeometryInput::MultiLineString => "MultiLineString",
            GeometryInput::GeometryCollection => "GeometryCollection",
            GeometryInput::Unknown => "unknown",
        }
    }

    /// The shape checks of [`validate_zone`] without the province: polygon
    /// types only, rings closed with at least four positions, WGS84 ranges,
    /// at most [`MAX_ZONE_VERTICES`], every polygon with an area.
    pub fn to_geometry(&self) -> Result<Geometry, ZoneError> {
        let geometry = match self {
            GeometryInput::Polygon { coordinates } => {
                check_vertex_count(coordinates.iter().map(Vec::len).sum())?;
                Geometry::Polygon { coordinates: read_polygon(0, coordinates)? }
            }
            GeometryInput::MultiPolygon { coordinates } => {
                check_vertex_count(coordinates.iter().flatten().map(Vec::len).sum())?;
                if coordinates.is_empty() {
                    return Err(ZoneError::Empty);
                }
                let polygons = coordinates.iter().enumerate().map(|(i, p)| read_polygon(i, p));
                Geometry::MultiPolygon { coordinates: polygons.collect::<Result<_, _>>()? }
            }
            other => return Err(ZoneError::NotAnArea { kind: other.kind() }),
        };
        check_areas(&geometry)?;
        Ok(geometry)
    }
}

fn check_vertex_count(count: usize) -> Result<(), ZoneError> {
    if count > MAX_ZONE_VERTICES {
        Err(ZoneError::TooManyVertices { count })
    } else {
        Ok(())
    }
}

fn read_polygon(polygon: usize, rings: &[Vec<Vec<f64>>]) -> Result<Vec<Ring>, ZoneError> {
    if rings.is_empty() {
        return Err(ZoneError::Empty);
    }
    rings.iter().enumerate().map(|(ring, positions)| read_ring(polygon, ring, positions)).collect()
}

fn read_ring(polygon: usize, ring: usize, raw: &[Vec<f64>]) -> Result<Ring, ZoneError> {
    let positions: Ring = raw
        .iter()
        .map(|p| match p[..] {
            [lon, lat, ..] => Ok([lon, lat]),
            _ => Err(ZoneError::Position { polygon, ring }),
        })
        .collect::<Result<_, _>>()?;
    if positions.iter().any(|p| !in_wgs84(p[0], p[1])) {
        Err(ZoneError::Coordinates { polygon, ring })
    } else if positions.len() < 4 {
        Err(ZoneError::RingTooShort { polygon, ring })
    } else if positions.first() != positions.last() {
        Err(ZoneError::RingNotClosed { polygon, ring })
    } else {
        Ok(positions)
    }
}

/// Every polygon's exterior must enclose an area: four positions on a line
/// pass the ring checks but draw nothing and have no centroid. Rounding
/// leaves such a ring a tiny area, hence the comparison with its box.
fn check_areas(geometry: &Geometry) -> Result<(), ZoneError> {
    let has_area = |ring: &[Position]| {
        let b = BBox::of_ring(ring).unwrap_or(BBox { min_lon: 0.0, min_lat: 0.0, max_lon: 0.0, max_lat: 0.0 });
        let box_area = (b.max_lon - b.min_lon) * (b.max_lat - b.min_lat);
        ring_moments(ring, ring[0]).area.abs() > box_area * 1e-9
    };
    match geometry.polygons().position(|rings| !has_area(&rings[0])) {
        Some(polygon) => Err(ZoneError::NoArea { polygon }),
        None => Ok(()),
    }
}

/// Checks a zone (a neighbourhood, a district's area) that an admin uploads
/// and returns it as a [`Geometry`] ready to store.
///
/// `province` is the province as the list of its municipalities'
/// geometries (the 113 comuni in the database): a vertex is inside the
/// province when it is inside one of them, or within
/// [`PROVINCE_TOLERANCE_M`] of one of their boundaries. An empty list
/// contains nothing, so every zone is then refused. Self-intersections are
/// not checked: they only make the even-odd rule count the overlap as outside.
pub fn validate_zone(input: &GeometryInput, province: &[Geometry]) -> Result<Geometry, ZoneError> {
    let geometry = input.to_geometry()?;
    let parts: Vec<(&Geometry, BBox)> = province.iter().filter_map(|g| Some((g, g.bbox()?))).collect();
    let outside: Vec<Point> = geometry
        .polygons()
        .flatten()
        .flatten()
        .map(|&[lon, lat]| Point { lon, lat })
        .filter(|&p| !in_province(&parts, p))
        .collect();
    match outside.first() {
        None => Ok(geometry),
        Some(&first) => Err(ZoneError::OutsideProvince { vertices: outside.len(), first }),
    }
}

/// Bounding boxes first: a vertex is then tested against the two or three
/// municipalities around it, not all of them.
fn in_province(parts: &[(&Geometry, BBox)], p: Point) -> bool {
    parts.iter().any(|(g, b)| b.contains(p) && g.contains(p))
        || parts.iter().any(|(g, b)| {
            b.grown_m(PROVINCE_TOLERANCE_M).contains(p) && g.distance_to_boundary_m(p) <= PROVINCE_TOLERANCE_M
        })
}

/// Why an uploaded zone was refused. `polygon` and `ring` count from 0 in
/// the file's order, for the log and for admins who open the file in a GIS.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ZoneError {
    #[error("a {kind} is not an area: Polygon or MultiPolygon expected")]
    NotAnArea { kind: &'static str },
    #[error("the geometry has no polygon or a polygon has no ring")]
    Empty,
    #[error("{count} vertices, more than {MAX_ZONE_VERTICES}")]
    TooManyVertices { count: usize },
    #[error("polygon {polygon} ring {ring}: a position has fewer than two numbers")]
    Position { polygon: usize, ring: usize },
    #[error("polygon {polygon} ring {ring}: coordinates outside WGS84 longitude/latitude")]
    Coordinates { polygon: usize, ring: usize },
    #[error("polygon {polygon} ring {ring}: fewer than 4 positions")]
    RingTooShort { polygon: usize, ring: usize },
    #[error("polygon {polygon} ring {ring}: the last position is not the first")]
    RingNotClosed { polygon: usize, ring: usize },
    #[error("polygon {polygon} has no area")]
    NoArea { polygon: usize },
    #[error("{vertices} vertices outside the province, the first at {first:?}")]
    OutsideProvince { vertices: usize, first: Point },
}

impl ZoneError {
    /// The message for the admin who uploaded the file.
    pub fn text(&self) -> Text {
        match self {
            ZoneError::NotAnArea { .. } => t::ZONE_NOT_AN_AREA,
            ZoneError::Empty => t::ZONE_EMPTY,
            ZoneError::TooManyVertices { .. } => t::ZONE_TOO_MANY_VERTICES,
            ZoneError::Position { .. } => t::ZONE_POSITION,
            ZoneError::Coordinates { .. } => t::ZONE_COORDINATES,
            ZoneError::RingTooShort { .. } => t::ZONE_RING_TOO_SHORT,
            ZoneError::RingNotClosed { .. } => t::ZONE_RING_NOT_CLOSED,
            ZoneError::NoArea { .. } => t::ZONE_NO_AREA,
            ZoneError::OutsideProvince { .. } => t::ZONE_OUTSIDE_PROVINCE,
        }
    }

    /// The coarser code for a form field (see `From<ZoneError> for ApiError`).
    pub fn code(&self) -> ValidationCode {
        match self {
            ZoneError::Coordinates { .. } => ValidationCode::Coordinates,
            ZoneError::OutsideProvince { .. } => ValidationCode::OutsideProvince,
            _ => ValidationCode::Geometry,
        }
    }
}

/// A refused zone is a validation error on the field `geometry`. The
/// detailed [`ZoneError::text`] is for pages that show it directly.
impl From<ZoneError> for ApiError {
    fn from(e: ZoneError) -> ApiError {
        ApiError::Validation(vec![FieldError::new("geometry", e.code())])
    }
}

/// A GeoJSON Feature: properties of the caller's type (`serde_json::Value`
/// for anything) and a geometry, which GeoJSON allows to be `null`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename = "Feature")]
pub struct Feature<P, G = Geometry> {
    pub properties: P,
    pub geometry: Option<G>,
}

/// A GeoJSON FeatureCollection, e.g. an uploaded file of neighbourhoods
/// (`FeatureCollection<MyProps, GeometryInput>`) or the zones the map draws.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename = "FeatureCollection")]
pub struct FeatureCollection<P, G = Geometry> {
    pub features: Vec<Feature<P, G>>,
}

/// Where a point falls in Web Mercator pixels at `zoom` (256-pixel tiles),
/// as the map draws it.
pub fn mercator_px(p: Point, zoom: u8) -> (f64, f64) {
    let size = 256.0 * f64::from(1u32 << zoom.min(24));
    let lat = p.lat.clamp(-85.0511, 85.0511).to_radians();
    let x = (p.lon + 180.0) / 360.0 * size;
    let y = (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / std::f64::consts::PI) / 2.0 * size;
    (x, y)
}

/// The zoom at which positions are stored as whole pixels (`world_px`):
/// fine enough for any map zoom (a pixel there is under 1 cm on the ground),
/// and `256 × 2^24 = 2^32` fits an `i64` with room to spare.
pub const PIXEL_ZOOM: u8 = 24;

/// Where a point falls in whole Web Mercator pixels at [`PIXEL_ZOOM`].
/// Stored with each lab, so that the database can group labs by screen
/// cell with integer division (SQLite has no `ln`/`tan` to project).
pub fn world_px(p: Point) -> (i64, i64) {
    let (x, y) = mercator_px(p, PIXEL_ZOOM);
    (x.floor() as i64, y.floor() as i64)
}

/// The side, in [`world_px`] units, of a square of `cell_px` screen pixels
/// at `zoom`. Dividing a world pixel by it gives the cell, exactly as
/// dividing the point's pixel at `zoom` by `cell_px` would (powers of two).
pub fn cell_side(zoom: u8, cell_px: u32) -> i64 {
    i64::from(cell_px) << (PIXEL_ZOOM - zoom.min(PIXEL_ZOOM))
}

/// The grouping cell of a point at `zoom` (see [`cell_side`]).
pub fn grid_cell(p: Point, zoom: u8, cell_px: u32) -> (i64, i64) {
    let (x, y) = world_px(p);
    let side = cell_side(zoom, cell_px);
    (x.div_euclid(side), y.div_euclid(side))
}

/// Groups points that would overlap on screen at `zoom`: indexes into
/// `points` by square cells of `cell_px` pixels, each group in input order,
/// groups in order of their first point (a stable answer for the same data).
/// The server groups in SQL with the same integer cells; this is the
/// reference its tests compare against.
pub fn grid_groups(points: &[Point], zoom: u8, cell_px: u32) -> Vec<Vec<usize>> {
    let mut order: Vec<(i64, i64)> = Vec::new();
    let mut cells: std::collections::HashMap<(i64, i64), Vec<usize>> = std::collections::HashMap::new();
    for (i, p) in points.iter().enumerate() {
        let members = cells.entry(grid_cell(*p, zoom, cell_px)).or_default();
        if members.is_empty() {
            order.push(grid_cell(*p, zoom, cell_px));
        }
        members.push(i);
    }
    order.into_iter().filter_map(|c| cells.remove(&c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A closed ring through the given corners, in the order given.
    fn ring(corners: &[(f64, f64)]) -> Ring {
        let mut r: Ring = corners.iter().map(|&(x, y)| [x, y]).collect();
        r.push(r[0]);
        r
    }

    fn reversed(r: &Ring) -> Ring {
        r.iter().rev().copied().collect()
    }

    fn square(x0: f64, y0: f64, side: f64) -> Ring {
        ring(&[(x0, y0), (x0 + side, y0), (x0 + side, y0 + side), (x0, y0 + side)])
    }

    fn polygon(rings: Vec<Ring>) -> Geometry {
        Geometry::Polygon { coordinates: rings }
    }

    fn p(lon: f64, lat: f64) -> Point {
        Point { lon, lat }
    }

    fn input(json: &str) -> GeometryInput {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn points() {
        assert_eq!(Point::parse(9.69, 45.36), Ok(p(9.69, 45.36)));
        assert!(Point::parse(-180.0, -90.0).is_ok() && Point::parse(180.0, 90.0).is_ok(), "limits included");
        for (lon, lat) in [(f64::NAN, 45.0), (9.0, f64::INFINITY), (180.5, 0.0), (0.0, -90.1), (545_000.0, 5_000_000.0)]
        {
            assert_eq!(Point::parse(lon, lat), Err(ValidationCode::Coordinates), "{lon} {lat}");
        }
        // Crema to Cremona as the crow flies, against the haversine formula.
        let (a, b) = (p(9.6886, 45.3640), p(10.0227, 45.1335));
        let h = ((b.lat - a.lat).to_radians() / 2.0).sin().powi(2)
            + a.lat.to_radians().cos() * b.lat.to_radians().cos() * ((b.lon - a.lon).to_radians() / 2.0).sin().powi(2);
        let haversine = 2.0 * 6_371_008.8 * h.sqrt().asin();
        assert!((a.distance_m(b) / haversine - 1.0).abs() < 0.001, "{} {haversine}", a.distance_m(b));
    }

    #[test]
    fn bbox_queries() {
        let b = BBox::parse_query("9.45,44.93,10.6,45.51").unwrap();
        assert_eq!(b, BBox { min_lon: 9.45, min_lat: 44.93, max_lon: 10.6, max_lat: 45.51 });
        assert_eq!(BBox::parse_query(" 9.45 , 44.93,10.6 ,45.51 "), Ok(b), "spaces");
        assert_eq!(BBox::parse_query(&b.to_query()), Ok(b));
        assert_eq!(BBox::parse_query("1,1,1,1").map(|b| b.center()), Ok(p(1.0, 1.0)), "a single point is a box");
        for bad in [
            "",
            "1,2,3",
            "1,2,3,4,5",
            "a,2,3,4",
            "1,,3,4",
            "NaN,1,2,3",
            "inf,1,2,3",
            "3,1,2,4",
            "1,4,2,3",
            "-181,0,0,0",
            "0,0,0,91",
        ] {
            assert_eq!(BBox::parse_query(bad), Err(ValidationCode::Bbox), "{bad:?}");
        }
    }

    #[test]
    fn bbox_relations() {
        let b = BBox { min_lon: 0.0, min_lat: 0.0, max_lon: 2.0, max_lat: 1.0 };
        assert!(b.contains(p(0.0, 0.0)) && b.contains(p(2.0, 1.0)) && b.contains(p(1.0, 0.5)));
        assert!(!b.contains(p(2.1, 0.5)) && !b.contains(p(1.0, -0.1)));
        assert_eq!(b.center(), p(1.0, 0.5));
        let touching = BBox { min_lon: 2.0, min_lat: 1.0, max_lon: 3.0, max_lat: 3.0 };
        let apart = BBox { min_lon: 2.5, min_lat: 0.0, max_lon: 3.0, max_lat: 1.0 };
        let inside = BBox { min_lon: 0.5, min_lat: 0.2, max_lon: 0.6, max_lat: 0.3 };
        assert!(b.intersects(&touching) && touching.intersects(&b));
        assert!(b.intersects(&inside) && inside.intersects(&b), "containment is intersection");
        assert!(!b.intersects(&apart) && !apart.intersects(&b));
        assert_eq!(BBox::of_ring(&[]), None);
        assert_eq!(
            BBox::of_ring(&square(1.0, 2.0, 3.0)),
            Some(BBox { min_lon: 1.0, min_lat: 2.0, max_lon: 4.0, max_lat: 5.0 })
        );
        let two =
            Geometry::MultiPolygon { coordinates: vec![vec![square(0.0, 0.0, 1.0)], vec![square(5.0, -2.0, 1.0)]] };
        assert_eq!(BBox::of_geometry(&two), Some(BBox { min_lon: 0.0, min_lat: -2.0, max_lon: 6.0, max_lat: 1.0 }));
        assert_eq!(Geometry::MultiPolygon { coordinates: vec![] }.bbox(), None);
    }

    #[test]
    fn holes_are_outside_whatever_the_winding() {
        let outer = square(0.0, 0.0, 4.0);
        let hole = square(1.0, 1.0, 1.0);
        for rings in [
            vec![outer.clone(), hole.clone()],
            vec![reversed(&outer), hole.clone()],
            vec![outer.clone(), reversed(&hole)],
            vec![reversed(&outer), reversed(&hole)],
        ] {
            let g = polygon(rings);
            assert!(g.contains(p(3.0, 3.0)));
            assert!(g.contains(p(0.5, 1.5)), "beside the hole");
            assert!(!g.contains(p(1.5, 1.5)), "in the hole");
            assert!(!g.contains(p(5.0, 1.5)) && !g.contains(p(-1.0, 1.5)));
            assert!((g.area() - 15.0).abs() < 1e-12);
            // The hole pulls the centroid away from it: (8·16 − 1.5·1) / 15.
            let c = g.centroid().unwrap();
            let expected = (2.0 * 16.0 - 1.5) / 15.0;
            assert!((c.lon - expected).abs() < 1e-12 && (c.lat - expected).abs() < 1e-12, "{c:?}");
        }
    }

    #[test]
    fn rings_may_be_left_open() {
        let open = polygon(vec![vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]]]);
        assert!(open.contains(p(0.5, 0.5)) && !open.contains(p(1.5, 0.5)));
        assert_eq!(open.centroid(), Some(p(0.5, 0.5)));
    }

    #[test]
    fn centroid_falls_back_inside_concave_shapes() {
        // A C open to the east: the centre of mass lies in the mouth.
        let c_shape =
            ring(&[(0.0, 0.0), (3.0, 0.0), (3.0, 1.0), (1.0, 1.0), (1.0, 2.0), (3.0, 2.0), (3.0, 3.0), (0.0, 3.0)]);
        // A ring around a hole: the centre of mass is in the hole.
        let annulus = vec![square(0.0, 0.0, 3.0), square(0.5, 0.5, 2.0)];
        // Two equal squares far apart: the centre of mass is between them.
        let pair =
            Geometry::MultiPolygon { coordinates: vec![vec![square(0.0, 0.0, 1.0)], vec![square(10.0, 0.0, 1.0)]] };
        for g in [polygon(vec![c_shape.clone()]), polygon(vec![reversed(&c_shape)]), polygon(annulus), pair] {
            let c = g.centroid().unwrap();
            assert!(g.contains(c), "{c:?} outside {g:?}");
        }
        let g = polygon(vec![c_shape]);
        assert!(!g.contains(p(1.3, 1.5)), "the area centroid (about 1.3, 1.5) is in the mouth");
    }

    #[test]
    fn no_area_no_centroid() {
        let flat = polygon(vec![ring(&[(0.0, 0.0), (1.0, 1.0), (2.0, 2.0)])]);
        assert_eq!(flat.centroid(), None);
        assert_eq!(flat.interior_point(), None);
        assert_eq!(Geometry::MultiPolygon { coordinates: vec![] }.centroid(), None);
        assert_eq!(polygon(vec![]).centroid(), None);
        assert!(!polygon(vec![]).contains(p(0.0, 0.0)));
    }

    #[test]
    fn multipolygons_contain_every_part() {
        let g = Geometry::MultiPolygon { coordinates: vec![vec![square(0.0, 0.0, 1.0)], vec![square(5.0, 5.0, 2.0)]] };
        assert!(g.contains(p(0.5, 0.5)) && g.contains(p(6.0, 6.0)) && !g.contains(p(3.0, 3.0)));
        assert_eq!(g.vertex_count(), 10);
        assert_eq!(find_containing(p(6.0, 6.0), [("a", &polygon(vec![square(0.0, 0.0, 1.0)])), ("b", &g)]), Some("b"));
        assert_eq!(find_containing(p(9.0, 9.0), [("b", &g)]), None);
    }

    #[test]
    fn distance_to_boundary() {
        // 0.001° of latitude is about 111 m.
        let g = polygon(vec![square(10.0, 45.0, 0.01)]);
        let d = g.distance_to_boundary_m(p(10.005, 44.999));
        assert!((d - 111.2).abs() < 0.5, "{d}");
        assert!(g.distance_to_boundary_m(p(10.0, 45.0)) < 1e-6, "on a vertex");
        assert_eq!(polygon(vec![]).distance_to_boundary_m(p(0.0, 0.0)), f64::INFINITY);
    }

    #[test]
    fn geometry_json_is_geojson() {
        let g: Geometry =
            serde_json::from_str(r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}"#).unwrap();
        assert_eq!(g, polygon(vec![vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]]]));
        let json = serde_json::to_value(&g).unwrap();
        assert_eq!(json["type"], "Polygon");
        assert_eq!(serde_json::from_value::<Geometry>(json).unwrap(), g);
        let feature = Feature { properties: serde_json::json!({"name": "x"}), geometry: Some(g) };
        let json = serde_json::to_value(&feature).unwrap();
        assert_eq!(json["type"], "Feature");
        assert_eq!(serde_json::from_value::<Feature<serde_json::Value>>(json).unwrap(), feature);
    }

    #[test]
    fn uploads_of_other_types_are_typed_errors() {
        for (json, kind) in [
            (r#"{"type":"Point","coordinates":[9.7,45.3]}"#, "Point"),
            (r#"{"type":"LineString","coordinates":[[9.7,45.3],[9.8,45.3]]}"#, "LineString"),
            (r#"{"type":"MultiPoint","coordinates":[]}"#, "MultiPoint"),
            (r#"{"type":"MultiLineString","coordinates":[]}"#, "MultiLineString"),
            (r#"{"type":"GeometryCollection","geometries":[]}"#, "GeometryCollection"),
            (r#"{"type":"Feature","properties":{},"geometry":null}"#, "unknown"),
        ] {
            assert_eq!(input(json).to_geometry(), Err(ZoneError::NotAnArea { kind }), "{json}");
        }
    }

    #[test]
    fn upload_shape_checks() {
        let check = |json: &str| input(json).to_geometry();
        assert!(check(r#"{"type":"Polygon","coordinates":[[[9.7,45.3],[9.8,45.3],[9.8,45.4],[9.7,45.3]]]}"#).is_ok());
        // Altitude is dropped.
        assert_eq!(
            check(r#"{"type":"Polygon","coordinates":[[[9.7,45.3,50],[9.8,45.3,51],[9.8,45.4,52],[9.7,45.3,50]]]}"#),
            Ok(polygon(vec![vec![[9.7, 45.3], [9.8, 45.3], [9.8, 45.4], [9.7, 45.3]]]))
        );
        let at = |polygon, ring| (polygon, ring);
        let cases = [
            (r#"{"type":"Polygon","coordinates":[]}"#, ZoneError::Empty),
            (r#"{"type":"MultiPolygon","coordinates":[]}"#, ZoneError::Empty),
            (r#"{"type":"MultiPolygon","coordinates":[[]]}"#, ZoneError::Empty),
            (r#"{"type":"Polygon","coordinates":[[[9.7,45.3],[9.8],[9.8,45.4],[9.7,45.3]]]}"#, {
                let (polygon, ring) = at(0, 0);
                ZoneError::Position { polygon, ring }
            }),
            (
                r#"{"type":"Polygon","coordinates":[[[9.7,45.3],[9.8,45.3],[9.7,45.3]]]}"#,
                ZoneError::RingTooShort { polygon: 0, ring: 0 },
            ),
            (
                r#"{"type":"Polygon","coordinates":[[[9.7,45.3],[9.8,45.3],[9.8,45.4],[9.7,45.4]]]}"#,
                ZoneError::RingNotClosed { polygon: 0, ring: 0 },
            ),
            // Projected metres (UTM 32N) instead of degrees: the usual export mistake.
            (
                r#"{"type":"Polygon","coordinates":[[[555000,5020000],[556000,5020000],[556000,5021000],[555000,5020000]]]}"#,
                ZoneError::Coordinates { polygon: 0, ring: 0 },
            ),
            (
                r#"{"type":"MultiPolygon","coordinates":[[[[9.7,45.3],[9.8,45.3],[9.8,45.4],[9.7,45.3]]],[[[9.7,45.3],[9.8,45.3],[9.9,45.3],[9.7,45.3]]]]}"#,
                ZoneError::NoArea { polygon: 1 },
            ),
            (
                r#"{"type":"Polygon","coordinates":[[[9.7,45.3],[9.8,45.4],[9.9,45.5],[9.7,45.3]]]}"#,
                ZoneError::NoArea { polygon: 0 },
            ),
            (
                r#"{"type":"Polygon","coordinates":[[[9.7,45.3],[9.8,45.3],[9.8,45.4],[9.7,45.3]],[[9.7,45.3],[9.8,45.3],[9.7,45.3]]]}"#,
                ZoneError::RingTooShort { polygon: 0, ring: 1 },
            ),
        ];
        for (json, expected) in cases {
            assert_eq!(check(json), Err(expected), "{json}");
        }
        let mut huge = vec![vec![9.7, 45.3]; MAX_ZONE_VERTICES + 1];
        huge.push(vec![9.7, 45.3]);
        let too_many = GeometryInput::Polygon { coordinates: vec![huge] };
        assert_eq!(too_many.to_geometry(), Err(ZoneError::TooManyVertices { count: MAX_ZONE_VERTICES + 2 }));
    }

    #[test]
    fn zone_errors_have_messages_and_codes() {
        let all = [
            ZoneError::NotAnArea { kind: "Point" },
            ZoneError::Empty,
            ZoneError::TooManyVertices { count: 1 },
            ZoneError::Position { polygon: 0, ring: 0 },
            ZoneError::Coordinates { polygon: 0, ring: 0 },
            ZoneError::RingTooShort { polygon: 0, ring: 0 },
            ZoneError::RingNotClosed { polygon: 0, ring: 0 },
            ZoneError::NoArea { polygon: 0 },
            ZoneError::OutsideProvince { vertices: 1, first: p(9.19, 45.46) },
        ];
        for e in all {
            assert_ne!(e.text().it, e.text().en, "{e:?}");
            assert_ne!(e.code().text().it, e.code().text().en, "{e:?}");
            let api = ApiError::from(e.clone());
            assert_eq!(api.status(), 422);
            assert!(api.field_message("geometry", crate::Locale::It).is_some());
        }
        assert_eq!(
            ZoneError::OutsideProvince { vertices: 1, first: p(0.0, 0.0) }.code(),
            ValidationCode::OutsideProvince
        );
    }

    /// The 113 comuni of the Province of Cremona (ISTAT, June 2023).
    mod cremona {
        use super::*;

        #[derive(Debug, Deserialize)]
        struct Comune {
            istat_code: String,
            name: String,
        }

        struct Loaded {
            code: String,
            name: String,
            geometry: Geometry,
            bbox: BBox,
        }

        fn comuni() -> Vec<Loaded> {
            let file: FeatureCollection<Comune> =
                serde_json::from_str(include_str!("../../server/data/cremona-comuni.geojson")).unwrap();
            file.features
                .into_iter()
                .map(|f| {
                    let geometry = f.geometry.unwrap();
                    let bbox = geometry.bbox().unwrap();
                    Loaded { code: f.properties.istat_code, name: f.properties.name, geometry, bbox }
                })
                .collect()
        }

        /// The comuni containing `p` (bounding boxes first, for speed).
        fn containing(comuni: &[Loaded], p: Point) -> Vec<&str> {
            comuni.iter().filter(|c| c.bbox.contains(p) && c.geometry.contains(p)).map(|c| c.code.as_str()).collect()
        }

        fn province(comuni: &[Loaded]) -> Vec<Geometry> {
            comuni.iter().map(|c| c.geometry.clone()).collect()
        }

        #[test]
        fn the_file_loads() {
            let comuni = comuni();
            assert_eq!(comuni.len(), 113);
            let multi = comuni.iter().filter(|c| matches!(c.geometry, Geometry::MultiPolygon { .. })).count();
            assert_eq!(multi, 2);
            assert!(comuni.iter().any(|c| c.code == "019036" && c.name == "Cremona"));
        }

        #[test]
        fn known_places() {
            let comuni = comuni();
            assert_eq!(containing(&comuni, p(9.6886, 45.3640)), ["019035"], "Crema");
            assert_eq!(containing(&comuni, p(10.0227, 45.1335)), ["019036"], "Cremona");
            assert!(containing(&comuni, p(9.19, 45.46)).is_empty(), "Milan");
            let san_bassano = comuni.iter().find(|c| c.name == "San Bassano").unwrap();
            assert_eq!(containing(&comuni, p(9.80, 45.25)), [san_bassano.code.as_str()], "the countryside");
            assert!(containing(&comuni, p(9.70, 45.20)).is_empty(), "across the Adda, in the Province of Lodi");
            let geometries = province(&comuni);
            let codes = comuni.iter().map(|c| c.code.as_str());
            assert_eq!(find_containing(p(9.6886, 45.3640), codes.zip(&geometries)), Some("019035"));
        }

        #[test]
        fn each_centroid_lies_in_its_comune_only() {
            let comuni = comuni();
            for c in &comuni {
                let centroid = c.geometry.centroid().unwrap();
                assert_eq!(containing(&comuni, centroid), [c.code.as_str()], "{} {centroid:?}", c.name);
                let inner = c.geometry.interior_point().unwrap();
                assert_eq!(containing(&comuni, inner), [c.code.as_str()], "{} {inner:?}", c.name);
            }
        }

        #[test]
        fn no_point_is_in_two_comuni() {
            let comuni = comuni();
            let all = comuni.iter().map(|c| c.bbox).reduce(|a, b| a.union(&b)).unwrap();
            let n = 240;
            let mut inside = 0;
            for i in 0..=n {
                for j in 0..=n {
                    let lon = all.min_lon + (all.max_lon - all.min_lon) * i as f64 / n as f64;
                    let lat = all.min_lat + (all.max_lat - all.min_lat) * j as f64 / n as f64;
                    let found = containing(&comuni, p(lon, lat));
                    assert!(found.len() <= 1, "{lon} {lat} in {found:?}");
                    inside += found.len();
                }
            }
            // The province fills about a third of its bounding box.
            let share = inside as f64 / ((n + 1) * (n + 1)) as f64;
            assert!((0.2..0.6).contains(&share), "{share}");
        }

        #[test]
        fn shared_vertices_belong_to_one_comune() {
            // Vertices of shared borders are where ray casting is most fragile.
            let comuni = comuni();
            for c in comuni.iter().step_by(7) {
                for &[lon, lat] in c.geometry.polygons().flatten().flatten().step_by(5) {
                    assert!(containing(&comuni, p(lon, lat)).len() <= 1, "{} vertex {lon} {lat}", c.name);
                }
            }
        }

        #[test]
        fn every_comune_is_a_valid_zone() {
            let comuni = comuni();
            let province = province(&comuni);
            for c in comuni.iter().step_by(4) {
                let json = serde_json::to_string(&c.geometry).unwrap();
                let upload: GeometryInput = serde_json::from_str(&json).unwrap();
                assert_eq!(validate_zone(&upload, &province).as_ref(), Ok(&c.geometry), "{}", c.name);
            }
        }

        #[test]
        fn zones_must_stay_in_the_province() {
            let comuni = comuni();
            let province = province(&comuni);
            let milan =
                input(r#"{"type":"Polygon","coordinates":[[[9.18,45.45],[9.20,45.45],[9.20,45.47],[9.18,45.45]]]}"#);
            assert!(matches!(
                validate_zone(&milan, &province),
                Err(ZoneError::OutsideProvince { vertices: 4, first }) if first == p(9.18, 45.45)
            ));
            // A neighbourhood of Crema with one vertex towards Milan.
            let crema = input(
                r#"{"type":"Polygon","coordinates":[[[9.68,45.36],[9.70,45.36],[9.70,45.37],[9.19,45.46],[9.68,45.36]]]}"#,
            );
            assert!(matches!(validate_zone(&crema, &province), Err(ZoneError::OutsideProvince { vertices: 1, .. })));
            assert!(validate_zone(&crema, &[]).is_err(), "an empty province contains nothing");
        }

        #[test]
        fn the_border_has_a_tolerance() {
            let comuni = comuni();
            let province = province(&comuni);
            let parts: Vec<(&Geometry, BBox)> = province.iter().map(|g| (g, g.bbox().unwrap())).collect();
            // The westernmost vertex of the province is on its border.
            let west = province
                .iter()
                .flat_map(|g| g.polygons().flatten().flatten().copied().collect::<Vec<_>>())
                .min_by(|a, b| a[0].total_cmp(&b[0]))
                .unwrap();
            let metres_west = |m: f64| p(west[0] - m / (METRES_PER_DEGREE * west[1].to_radians().cos()), west[1]);
            assert!(in_province(&parts, p(west[0], west[1])));
            assert!(in_province(&parts, metres_west(50.0)));
            assert!(!in_province(&parts, metres_west(300.0)));
        }
    }

    proptest! {
        #[test]
        fn bbox_query_round_trip(a in -180.0..=180.0f64, b in -180.0..=180.0f64, c in -90.0..=90.0f64, d in -90.0..=90.0f64) {
            let bbox = BBox { min_lon: a.min(b), max_lon: a.max(b), min_lat: c.min(d), max_lat: c.max(d) };
            prop_assert_eq!(BBox::parse_query(&bbox.to_query()), Ok(bbox));
        }

        #[test]
        fn bbox_parse_never_panics(s in "[-0-9.,eEnaif ]{0,40}") {
            if let Ok(b) = BBox::parse_query(&s) {
                prop_assert!(b.min_lon <= b.max_lon && b.min_lat <= b.max_lat);
            }
        }

        /// Against the obvious rule for a square with a square hole, in both windings.
        #[test]
        fn square_with_hole(x in -1.0..5.0f64, y in -1.0..5.0f64, flip_outer: bool, flip_hole: bool) {
            let outer = square(0.0, 0.0, 4.0);
            let hole = square(1.0, 1.0, 2.0);
            let g = polygon(vec![
                if flip_outer { reversed(&outer) } else { outer },
                if flip_hole { reversed(&hole) } else { hole },
            ]);
            let strictly = |lo: f64, hi: f64, v: f64| lo < v && v < hi;
            let expected = strictly(0.0, 4.0, x) && strictly(0.0, 4.0, y) && !(strictly(1.0, 3.0, x) && strictly(1.0, 3.0, y));
            let on_an_edge = [0.0, 1.0, 3.0, 4.0].iter().any(|e| x == *e || y == *e);
            prop_assume!(!on_an_edge);
            prop_assert_eq!(g.contains(p(x, y)), expected);
            prop_assert!(g.contains(g.centroid().unwrap()));
        }

        /// Star-shaped polygons with random spikes: the representative point is inside.
        #[test]
        fn centroid_is_always_inside(radii in proptest::collection::vec(0.05..1.0f64, 3..40), reverse: bool) {
            let n = radii.len() as f64;
            let corners: Vec<(f64, f64)> = radii
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let a = std::f64::consts::TAU * i as f64 / n;
                    (10.0 + r * a.cos() * 0.01, 45.0 + r * a.sin() * 0.01)
                })
                .collect();
            let r = ring(&corners);
            let g = polygon(vec![if reverse { reversed(&r) } else { r }]);
            let c = g.centroid().unwrap();
            prop_assert!(g.contains(c), "{:?}", c);
        }
    }

    #[test]
    fn mercator_pixels_and_grid_groups() {
        let (x, y) = mercator_px(Point { lon: 0.0, lat: 0.0 }, 0);
        assert!((x - 128.0).abs() < 1e-9 && (y - 128.0).abs() < 1e-9);
        let crema = Point { lon: 9.6886, lat: 45.3640 };
        let near = Point { lon: 9.6890, lat: 45.3642 };
        let cremona = Point { lon: 10.0227, lat: 45.1335 };
        // At province scale Crema's two points share a cell, Cremona is apart.
        assert_eq!(grid_groups(&[crema, cremona, near], 9, 56), vec![vec![0, 2], vec![1]]);
        // Close enough in, every point stands alone.
        assert_eq!(grid_groups(&[crema, near], 18, 56).len(), 2);
        assert!(grid_groups(&[], 9, 56).is_empty());
    }

    proptest! {
        /// The stored whole pixels give the same cell as the point's own
        /// pixel at the map's zoom, at every zoom the map groups at.
        #[test]
        fn world_pixels_give_the_cells_of_the_map_zoom(lon in 9.0f64..11.0, lat in 44.5f64..46.0, zoom in 0u8..=22) {
            let p = Point { lon, lat };
            let (x, y) = mercator_px(p, zoom);
            let direct = ((x / 56.0).floor() as i64, (y / 56.0).floor() as i64);
            prop_assert_eq!(grid_cell(p, zoom, 56), direct);
        }
    }
}
