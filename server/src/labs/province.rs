//! The 113 municipalities as geometry for point-in-polygon, parsed once per
//! process from the GeoJSON embedded in the binary. Their boundaries never
//! change while a server runs, so caching them is safe; zones and district
//! membership do change and are always read from the database.

use crate::places::COMUNI_GEOJSON;
use serde::Deserialize;
use shared::geo::{BBox, FeatureCollection, Geometry, Point};
use shared::places::IstatCode;
use std::sync::OnceLock;

pub struct Comune {
    pub istat: IstatCode,
    pub name: String,
    pub bbox: BBox,
    /// The public point of labs shown by area when no zone contains them.
    pub centroid: Point,
}

pub struct Province {
    pub comuni: Vec<Comune>,
    /// `geometries[i]` is the boundary of `comuni[i]`; a separate list
    /// because `shared::geo::validate_zone` takes the province as one.
    pub geometries: Vec<Geometry>,
}

#[derive(Deserialize)]
struct Properties {
    istat_code: String,
    name: String,
}

/// The province, parsed on first use. The file is part of the binary and
/// checked by the tests below, so failing to read it is a build defect.
pub fn province() -> &'static Province {
    static PROVINCE: OnceLock<Province> = OnceLock::new();
    PROVINCE.get_or_init(|| load().expect("the embedded comuni GeoJSON is valid"))
}

fn load() -> Result<Province, String> {
    let file: FeatureCollection<Properties> = serde_json::from_str(COMUNI_GEOJSON).map_err(|e| e.to_string())?;
    let mut comuni = Vec::with_capacity(file.features.len());
    let mut geometries = Vec::with_capacity(file.features.len());
    for f in file.features {
        let name = f.properties.name;
        let geometry = f.geometry.ok_or_else(|| format!("{name}: no geometry"))?;
        let bbox = geometry.bbox().ok_or_else(|| format!("{name}: empty geometry"))?;
        let centroid = geometry.centroid().ok_or_else(|| format!("{name}: no area"))?;
        let istat = IstatCode::parse(&f.properties.istat_code).map_err(|_| format!("{name}: bad ISTAT code"))?;
        comuni.push(Comune { istat, name, bbox, centroid });
        geometries.push(geometry);
    }
    Ok(Province { comuni, geometries })
}

impl Province {
    /// The municipality a point lies in; `None` outside the province.
    /// Bounding boxes first, so only two or three polygons are tested.
    pub fn municipality_at(&self, p: Point) -> Option<&Comune> {
        let candidates = self.comuni.iter().zip(&self.geometries).filter(|(c, _)| c.bbox.contains(p));
        shared::geo::find_containing(p, candidates)
    }

    pub fn get(&self, istat: &str) -> Option<(&Comune, &Geometry)> {
        self.comuni.iter().zip(&self.geometries).find(|(c, _)| c.istat.as_ref() == istat)
    }

    /// The box around the whole province.
    pub fn bbox(&self) -> Option<BBox> {
        self.comuni.iter().map(|c| c.bbox).reduce(|a, b| a.union(&b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_the_113_comuni() {
        let p = province();
        assert_eq!((p.comuni.len(), p.geometries.len()), (113, 113));
        for (c, g) in p.comuni.iter().zip(&p.geometries) {
            assert!(g.contains(c.centroid), "{}", c.name);
        }
    }

    #[test]
    fn finds_municipalities() {
        let p = province();
        let at = |lon, lat| p.municipality_at(Point { lon, lat }).map(|c| c.name.as_str());
        assert_eq!(at(9.6886, 45.3640), Some("Crema"));
        assert_eq!(at(10.0227, 45.1335), Some("Cremona"));
        assert_eq!(at(9.19, 45.46), None, "Milan");
        assert_eq!(p.get("019036").map(|(c, _)| c.name.as_str()), Some("Cremona"));
    }
}
