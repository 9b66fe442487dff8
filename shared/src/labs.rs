//! Neighbourhood labs (laboratori di comunità) and their meetings: statuses,
//! themes, where a lab is shown on the map, the validation of the forms
//! staff fill in, and the filters of the public map.

use crate::error::{ApiError, FieldErrors, ValidationCode};
use crate::geo::Point;
use crate::i18n::{t, Locale, Text};
use crate::people::single_line;
use crate::places::IstatCode;
use crate::time::rome_local_to_utc;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub const NAME_MAX_CHARS: usize = 120;
pub const DESCRIPTION_MAX_CHARS: usize = 4000;
pub const ADDRESS_MAX_CHARS: usize = 200;
pub const CONTACT_MAX_CHARS: usize = 200;
pub const SCHEDULE_MAX_CHARS: usize = 200;
pub const TOPIC_MAX_CHARS: usize = 200;
pub const NOTES_MAX_CHARS: usize = 4000;

/// Where a lab is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum LabStatus {
    Planned,
    Active,
    Paused,
    Closed,
}

impl LabStatus {
    pub const ALL: [LabStatus; 4] = [LabStatus::Planned, LabStatus::Active, LabStatus::Paused, LabStatus::Closed];

    pub fn code(self) -> &'static str {
        match self {
            LabStatus::Planned => "planned",
            LabStatus::Active => "active",
            LabStatus::Paused => "paused",
            LabStatus::Closed => "closed",
        }
    }

    pub fn parse(code: &str) -> Option<LabStatus> {
        LabStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn text(self) -> Text {
        match self {
            LabStatus::Planned => t::LAB_STATUS_PLANNED,
            LabStatus::Active => t::LAB_STATUS_ACTIVE,
            LabStatus::Paused => t::LAB_STATUS_PAUSED,
            LabStatus::Closed => t::LAB_STATUS_CLOSED,
        }
    }
}

/// How precisely the public map shows a lab. A lab that meets in a private
/// home, or whose participants could be identified by the place, is shown
/// only by its area (see [`public_point`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum LocationPrecision {
    Exact,
    Area,
}

impl LocationPrecision {
    pub const ALL: [LocationPrecision; 2] = [LocationPrecision::Exact, LocationPrecision::Area];

    pub fn code(self) -> &'static str {
        match self {
            LocationPrecision::Exact => "exact",
            LocationPrecision::Area => "area",
        }
    }

    pub fn parse(code: &str) -> Option<LocationPrecision> {
        LocationPrecision::ALL.into_iter().find(|p| p.code() == code)
    }

    pub fn text(self) -> Text {
        match self {
            LocationPrecision::Exact => t::PRECISION_EXACT,
            LocationPrecision::Area => t::PRECISION_AREA,
        }
    }
}

/// The privacy rule for the map, in one place: the exact point only when
/// the lab chose to be shown exactly, otherwise the representative point of
/// its area (a neighbourhood's or municipality's [`crate::geo::Geometry::centroid`]).
pub fn public_point(precision: LocationPrecision, exact: Point, area_centroid: Point) -> Point {
    match precision {
        LocationPrecision::Exact => exact,
        LocationPrecision::Area => area_centroid,
    }
}

/// The address goes with the exact point: a lab shown by area hides it too.
pub fn public_address(precision: LocationPrecision, address: Option<&str>) -> Option<String> {
    match precision {
        LocationPrecision::Exact => address.map(str::to_owned),
        LocationPrecision::Area => None,
    }
}

/// A theme's key. Admins edit the themes (stored in the database), so labs
/// refer to them by key: lower-case letters, digits and single dashes, at
/// most 40 characters, e.g. `educational-support`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String))]
pub struct ThemeKey(String);

impl ThemeKey {
    pub const MAX_CHARS: usize = 40;

    pub fn parse(raw: &str) -> Result<ThemeKey, ValidationCode> {
        let s = raw.trim();
        let shape_ok = s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--");
        if s.is_empty() {
            Err(ValidationCode::Required)
        } else if s.chars().count() > Self::MAX_CHARS {
            Err(ValidationCode::TooLong)
        } else if !shape_ok {
            Err(ValidationCode::Slug)
        } else {
            Ok(ThemeKey(s.to_owned()))
        }
    }

    /// The built-in label when this is one of [`DEFAULT_THEMES`].
    pub fn default_label(&self) -> Option<Text> {
        DEFAULT_THEMES.iter().find(|d| d.key == self.0).map(|d| d.label)
    }
}

impl AsRef<str> for ThemeKey {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Deserialising checks the key too, so a `ThemeKey` is always valid.
impl TryFrom<String> for ThemeKey {
    type Error = &'static str;

    fn try_from(raw: String) -> Result<ThemeKey, &'static str> {
        ThemeKey::parse(&raw).map_err(|_| "invalid theme key")
    }
}

impl From<ThemeKey> for String {
    fn from(key: ThemeKey) -> String {
        key.0
    }
}

/// A theme the first setup seeds; admins may rename, add or retire themes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DefaultTheme {
    pub key: &'static str,
    pub label: Text,
}

pub const DEFAULT_THEMES: [DefaultTheme; 6] = [
    DefaultTheme { key: "isolation-relationships", label: t::THEME_ISOLATION },
    DefaultTheme { key: "educational-support", label: t::THEME_EDUCATION },
    DefaultTheme { key: "family-friendly", label: t::THEME_FAMILY },
    DefaultTheme { key: "work-enterprise", label: t::THEME_WORK },
    DefaultTheme { key: "housing", label: t::THEME_HOUSING },
    DefaultTheme { key: "other", label: t::THEME_OTHER },
];

/// A theme as stored: its key and its labels in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Theme {
    pub key: ThemeKey,
    pub label_it: String,
    pub label_en: String,
}

impl Theme {
    pub fn label(&self, locale: Locale) -> &str {
        match locale {
            Locale::It => &self.label_it,
            Locale::En => &self.label_en,
        }
    }

    /// The rows to seed, from [`DEFAULT_THEMES`].
    pub fn defaults() -> Vec<Theme> {
        DEFAULT_THEMES
            .iter()
            .map(|d| Theme {
                key: ThemeKey(d.key.to_owned()),
                label_it: d.label.it.to_owned(),
                label_en: d.label.en.to_owned(),
            })
            .collect()
    }
}

/// A date as `YYYY-MM-DD`, required.
fn parse_date(raw: &str) -> Result<NaiveDate, ValidationCode> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(ValidationCode::Required);
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| ValidationCode::Date)
}

/// An optional single line: empty means none.
fn optional_line(raw: &str, max: usize) -> Result<Option<String>, ValidationCode> {
    match single_line(raw, max) {
        Err(ValidationCode::Required) => Ok(None),
        other => other.map(Some),
    }
}

/// An optional text of several lines: line breaks and tabs allowed, other
/// control characters not; empty means none.
fn optional_text(raw: &str, max: usize) -> Result<Option<String>, ValidationCode> {
    let s = raw.trim();
    if s.is_empty() {
        Ok(None)
    } else if s.chars().count() > max {
        Err(ValidationCode::TooLong)
    } else if s.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        Err(ValidationCode::ControlChars)
    } else {
        Ok(Some(s.to_owned()))
    }
}

/// A code from a list: empty is `Required`, an unknown value is `Choice`.
fn parse_choice<T>(raw: &str, parse: impl Fn(&str) -> Option<T>) -> Result<T, ValidationCode> {
    match raw.trim() {
        "" => Err(ValidationCode::Required),
        code => parse(code).ok_or(ValidationCode::Choice),
    }
}

/// A lab as staff write it (form or JSON body).
///
/// Field errors are reported under these field names, except that a
/// missing or invalid position is reported once, as `point`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LabInput {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// A [`ThemeKey`]; whether the theme exists is checked by the server.
    pub theme: String,
    /// `planned`, `active`, `paused` or `closed`.
    pub status: String,
    /// Where the lab meets, WGS84 degrees (both required).
    #[serde(default)]
    pub lon: Option<f64>,
    #[serde(default)]
    pub lat: Option<f64>,
    #[serde(default)]
    pub address: String,
    /// `exact` or `area`.
    pub precision: String,
    /// The person who runs the lab; absent, or 0 from an empty select, for none.
    #[serde(default)]
    pub facilitator_id: Option<i64>,
    /// How to get in touch (an email, a phone number), shown to the public.
    #[serde(default)]
    pub contact: String,
    /// `YYYY-MM-DD`
    pub starts_on: String,
    /// `YYYY-MM-DD`, not before `starts_on`; empty or absent for open-ended.
    #[serde(default)]
    pub ends_on: Option<String>,
    /// When it meets, in words: `ogni martedì 17-19`.
    #[serde(default)]
    pub schedule: String,
}

/// A lab that passed every rule. Whether `point` is inside the province and
/// which municipality it is in is for the server to find out, with
/// [`crate::geo::find_containing`] over the municipalities' boundaries
/// (`ValidationCode::OutsideProvince` on `point` when none contains it).
#[derive(Debug, Clone, PartialEq)]
pub struct ValidLab {
    pub name: String,
    pub description: Option<String>,
    pub theme: ThemeKey,
    pub status: LabStatus,
    pub point: Point,
    pub address: Option<String>,
    pub precision: LocationPrecision,
    pub facilitator_id: Option<i64>,
    pub contact: Option<String>,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub schedule: Option<String>,
}

impl LabInput {
    /// Every field is checked, so the form shows all its problems at once.
    pub fn validate(&self) -> Result<ValidLab, ApiError> {
        let mut errs = FieldErrors::default();
        let name = errs.check("name", single_line(&self.name, NAME_MAX_CHARS));
        let description = errs.check("description", optional_text(&self.description, DESCRIPTION_MAX_CHARS));
        let theme = errs.check("theme", ThemeKey::parse(&self.theme));
        let status = errs.check("status", parse_choice(&self.status, LabStatus::parse));
        let point = errs.check("point", self.point());
        let address = errs.check("address", optional_line(&self.address, ADDRESS_MAX_CHARS));
        let precision = errs.check("precision", parse_choice(&self.precision, LocationPrecision::parse));
        let contact = errs.check("contact", optional_line(&self.contact, CONTACT_MAX_CHARS));
        let starts_on = errs.check("starts_on", parse_date(&self.starts_on));
        let ends_on = errs.check("ends_on", self.ends_on());
        let schedule = errs.check("schedule", optional_line(&self.schedule, SCHEDULE_MAX_CHARS));
        errs.finish(|| {
            Some(ValidLab {
                name: name?,
                description: description?,
                theme: theme?,
                status: status?,
                point: point?,
                address: address?,
                precision: precision?,
                facilitator_id: self.facilitator_id.filter(|id| *id > 0),
                contact: contact?,
                starts_on: starts_on?,
                ends_on: ends_on?,
                schedule: schedule?,
            })
        })
    }

    fn point(&self) -> Result<Point, ValidationCode> {
        match (self.lon, self.lat) {
            (Some(lon), Some(lat)) => Point::parse(lon, lat),
            _ => Err(ValidationCode::Required),
        }
    }

    /// Optional; when the start date is itself invalid only the start is
    /// reported, since the order cannot be judged.
    fn ends_on(&self) -> Result<Option<NaiveDate>, ValidationCode> {
        let raw = self.ends_on.as_deref().unwrap_or("").trim();
        if raw.is_empty() {
            return Ok(None);
        }
        let end = parse_date(raw)?;
        match parse_date(&self.starts_on) {
            Ok(start) if end < start => Err(ValidationCode::EndBeforeStart),
            _ => Ok(Some(end)),
        }
    }
}

/// A lab meeting as staff record it, before or after it took place.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeetingInput {
    /// Europe/Rome wall-clock time, `YYYY-MM-DDTHH:MM`, as an HTML
    /// `datetime-local` field sends it (seconds, or a space for the `T`, are accepted).
    pub starts_at: String,
    #[serde(default)]
    pub topic: String,
    /// How many took part; absent until the meeting has taken place.
    #[serde(default)]
    pub attendance_total: Option<i64>,
    /// Of those, how many came for the first time.
    #[serde(default)]
    pub attendance_first_time: Option<i64>,
    /// How many organisations (associations, services, parishes) took part.
    #[serde(default)]
    pub organisations: Option<i64>,
    /// Internal notes for staff: never published.
    #[serde(default)]
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidMeeting {
    /// UTC seconds.
    pub starts_at: i64,
    pub topic: Option<String>,
    pub attendance_total: Option<i64>,
    pub attendance_first_time: Option<i64>,
    pub organisations: Option<i64>,
    pub notes: Option<String>,
}

impl MeetingInput {
    pub fn validate(&self) -> Result<ValidMeeting, ApiError> {
        let mut errs = FieldErrors::default();
        let starts_at = errs.check("starts_at", parse_rome_datetime(&self.starts_at));
        let topic = errs.check("topic", optional_line(&self.topic, TOPIC_MAX_CHARS));
        let total = errs.check("attendance_total", not_negative(self.attendance_total));
        let first_time = errs.check("attendance_first_time", self.first_time());
        let organisations = errs.check("organisations", not_negative(self.organisations));
        let notes = errs.check("notes", optional_text(&self.notes, NOTES_MAX_CHARS));
        errs.finish(|| {
            Some(ValidMeeting {
                starts_at: starts_at?,
                topic: topic?,
                attendance_total: total?,
                attendance_first_time: first_time?,
                organisations: organisations?,
                notes: notes?,
            })
        })
    }

    /// First-timers are part of the total, so they need one and cannot exceed it.
    fn first_time(&self) -> Result<Option<i64>, ValidationCode> {
        let Some(first) = not_negative(self.attendance_first_time)? else {
            return Ok(None);
        };
        match self.attendance_total {
            None => Err(ValidationCode::Attendance),
            Some(total) if first > total => Err(ValidationCode::Attendance),
            Some(_) => Ok(Some(first)),
        }
    }
}

fn not_negative(count: Option<i64>) -> Result<Option<i64>, ValidationCode> {
    match count {
        Some(n) if n < 0 => Err(ValidationCode::NotNegative),
        other => Ok(other),
    }
}

/// A Rome wall-clock time to UTC seconds. The hour skipped when summer time
/// starts does not exist, so it is refused like any invalid time.
fn parse_rome_datetime(raw: &str) -> Result<i64, ValidationCode> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(ValidationCode::Required);
    }
    let local = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|format| chrono::NaiveDateTime::parse_from_str(s, format).ok())
        .ok_or(ValidationCode::DateTime)?;
    rome_local_to_utc(local).ok_or(ValidationCode::DateTime)
}

/// The filters of the map and of the list of labs. They live in the URL so
/// a filtered map can be shared: [`LabFilter::to_query`] writes them,
/// [`LabFilter::from_query`] reads them back.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LabFilter {
    pub theme: Option<ThemeKey>,
    pub status: Option<LabStatus>,
    /// A district's id.
    pub district: Option<i64>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub municipality: Option<IstatCode>,
    /// Labs running at some time in this period (both ends included).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub active_from: Option<NaiveDate>,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub active_to: Option<NaiveDate>,
}

impl LabFilter {
    /// `theme=housing&status=active&district=2&municipality=019036&from=2026-01-01&to=2026-12-31`,
    /// only the filters that are set, in this order; empty when none is.
    /// Every value is made of letters, digits and dashes, so nothing needs
    /// percent-encoding.
    pub fn to_query(&self) -> String {
        let pairs: [(&str, Option<String>); 6] = [
            ("theme", self.theme.as_ref().map(|k| k.0.clone())),
            ("status", self.status.map(|s| s.code().to_owned())),
            ("district", self.district.map(|d| d.to_string())),
            ("municipality", self.municipality.as_ref().map(|m| m.as_ref().to_owned())),
            ("from", self.active_from.map(|d| d.format("%Y-%m-%d").to_string())),
            ("to", self.active_to.map(|d| d.format("%Y-%m-%d").to_string())),
        ];
        let set: Vec<String> = pairs.into_iter().filter_map(|(k, v)| Some(format!("{k}={}", v?))).collect();
        set.join("&")
    }

    /// Reads a query string, with or without its leading `?`. Lenient, as a
    /// shared link may be old or edited by hand: unknown keys and invalid
    /// values are ignored, and when a key repeats its last valid value wins.
    pub fn from_query(query: &str) -> LabFilter {
        let mut f = LabFilter::default();
        let query = query.strip_prefix('?').unwrap_or(query);
        for (key, value) in query.split('&').filter_map(|pair| pair.split_once('=')) {
            f.set(key, value);
        }
        f
    }

    fn set(&mut self, key: &str, value: &str) {
        let date = || NaiveDate::parse_from_str(value, "%Y-%m-%d").ok();
        match key {
            "theme" => self.theme = ThemeKey::parse(value).ok().or(self.theme.take()),
            "status" => self.status = LabStatus::parse(value).or(self.status),
            "district" => self.district = value.parse::<i64>().ok().filter(|d| *d > 0).or(self.district),
            "municipality" => self.municipality = IstatCode::parse(value).ok().or(self.municipality.take()),
            "from" => self.active_from = date().or(self.active_from),
            "to" => self.active_to = date().or(self.active_to),
            _ => {}
        }
    }

    pub fn is_empty(&self) -> bool {
        *self == LabFilter::default()
    }

    /// Whether a lab passes every filter that is set. A lab is active in the
    /// period when its own period (open-ended without an end date) overlaps it.
    pub fn matches(&self, lab: &LabPublic) -> bool {
        self.theme.as_ref().is_none_or(|k| *k == lab.theme)
            && self.status.is_none_or(|s| s == lab.status)
            && self.district.is_none_or(|d| lab.district_id == Some(d))
            && self.municipality.as_ref().is_none_or(|m| *m == lab.municipality)
            && self.active_from.is_none_or(|from| lab.ends_on.is_none_or(|end| end >= from))
            && self.active_to.is_none_or(|to| lab.starts_on <= to)
    }
}

/// The next meeting of a lab, as the public sees it (no attendance, no notes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NextMeeting {
    /// UTC seconds; show with `time::format_datetime`.
    pub starts_at: i64,
    pub topic: Option<String>,
}

/// A lab on the public map and list. `point` and `address` have already
/// been through [`public_point`] and [`public_address`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LabPublic {
    pub id: i64,
    pub name: String,
    pub theme: ThemeKey,
    pub status: LabStatus,
    pub point: Point,
    pub precision: LocationPrecision,
    /// `None` when the lab is shown by area.
    pub address: Option<String>,
    pub schedule: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub municipality: IstatCode,
    pub municipality_name: String,
    pub district_id: Option<i64>,
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub starts_on: NaiveDate,
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub ends_on: Option<NaiveDate>,
    pub next_meeting: Option<NextMeeting>,
}

/// Attendance summed over a lab's past meetings: the only attendance the
/// public sees (per-meeting figures are for staff, see [`MeetingRow`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttendanceTotals {
    /// Meetings that have taken place.
    pub meetings: i64,
    /// Sum of the participants counted at those meetings.
    pub participants: i64,
    /// Of those, how many came for the first time.
    pub first_time: i64,
    /// Sum of the organisations present.
    pub organisations: i64,
}

/// One lab's public page: what the map shows, plus what the public may
/// read about it. Never the exact point of a lab shown by area, never
/// per-meeting attendance, never notes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LabDetail {
    pub lab: LabPublic,
    pub description: Option<String>,
    pub contact: Option<String>,
    /// The neighbourhood the lab is in, when zones were imported for its municipality.
    pub zone: Option<String>,
    /// The facilitator's display name.
    pub facilitator: Option<String>,
    /// Demo data, to be labelled as such.
    pub is_demo: bool,
    /// The next meetings, soonest first.
    pub upcoming: Vec<NextMeeting>,
    pub attendance: AttendanceTotals,
}

/// A meeting as staff see it: per-meeting attendance and internal notes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeetingRow {
    pub id: i64,
    pub lab_id: i64,
    /// UTC seconds.
    pub starts_at: i64,
    pub topic: Option<String>,
    pub attendance_total: Option<i64>,
    pub attendance_first_time: Option<i64>,
    pub organisations: Option<i64>,
    /// Staff only.
    pub notes: Option<String>,
}

/// A new position for a lab (moving it).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PointInput {
    #[serde(default)]
    pub lon: Option<f64>,
    #[serde(default)]
    pub lat: Option<f64>,
}

impl PointInput {
    /// Errors are reported on `point`, as for [`LabInput`].
    pub fn validate(&self) -> Result<Point, ApiError> {
        match (self.lon, self.lat) {
            (Some(lon), Some(lat)) => Point::parse(lon, lat),
            _ => Err(ValidationCode::Required),
        }
        .map_err(|code| ApiError::validation("point", code))
    }
}

pub const THEME_LABEL_MAX_CHARS: usize = 60;

/// A theme's labels as an admin writes them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ThemeInput {
    pub label_it: String,
    pub label_en: String,
}

impl ThemeInput {
    pub fn validate(&self, key: &str) -> Result<Theme, ApiError> {
        let mut errs = FieldErrors::default();
        let key = errs.check("key", ThemeKey::parse(key));
        let label_it = errs.check("label_it", single_line(&self.label_it, THEME_LABEL_MAX_CHARS));
        let label_en = errs.check("label_en", single_line(&self.label_en, THEME_LABEL_MAX_CHARS));
        errs.finish(|| Some(Theme { key: key?, label_it: label_it?, label_en: label_en? }))
    }
}

pub const DISTRICT_NAME_MAX_CHARS: usize = 80;
pub const DISTRICT_DESCRIPTION_MAX_CHARS: usize = 2000;

/// A district (ambito) and the municipalities in it. A municipality is in
/// at most one district.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct District {
    pub id: i64,
    pub name: String,
    pub description: Option<String>,
    /// Demo grouping, not the real Piani di Zona membership.
    pub is_demo: bool,
    /// ISTAT codes, in order.
    pub municipalities: Vec<String>,
}

/// A district as an admin writes it: saving it makes `municipalities` its
/// exact membership, taking them from any other district.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DistrictInput {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// ISTAT codes; whether they exist is checked by the server.
    #[serde(default)]
    pub municipalities: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidDistrict {
    pub name: String,
    pub description: Option<String>,
    /// Sorted, without repeats.
    pub municipalities: Vec<IstatCode>,
}

impl DistrictInput {
    pub fn validate(&self) -> Result<ValidDistrict, ApiError> {
        let mut errs = FieldErrors::default();
        let name = errs.check("name", single_line(&self.name, DISTRICT_NAME_MAX_CHARS));
        let description = errs.check("description", optional_text(&self.description, DISTRICT_DESCRIPTION_MAX_CHARS));
        let codes: Result<Vec<IstatCode>, ValidationCode> =
            self.municipalities.iter().map(|c| IstatCode::parse(c).map_err(|_| ValidationCode::Choice)).collect();
        let municipalities = errs.check("municipalities", codes).map(|mut codes| {
            codes.sort();
            codes.dedup();
            codes
        });
        errs.finish(|| Some(ValidDistrict { name: name?, description: description?, municipalities: municipalities? }))
    }
}

/// Activity per municipality in a period, for the choropleth map.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MunicipalityStats {
    pub istat_code: String,
    pub name: String,
    pub district_id: Option<i64>,
    /// Labs running at some time in the period.
    pub labs: i64,
    /// Meetings that took place in the period.
    pub meetings: i64,
    /// Participants counted at those meetings.
    pub participants: i64,
}

/// The properties of a municipality on the map (`municipalities.geojson`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MunicipalityProperties {
    pub istat_code: String,
    pub name: String,
    pub district_id: Option<i64>,
    /// The district's name.
    pub district: Option<String>,
    pub district_is_demo: bool,
}

/// The properties of a feature in an uploaded file of zones. The name is
/// read from `name` or from the spellings GIS exports often use.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZoneProperties {
    #[serde(default, alias = "nome", alias = "NOME", alias = "NAME", alias = "Nome")]
    pub name: String,
}

pub const ZONE_NAME_MAX_CHARS: usize = 120;

impl ZoneProperties {
    pub fn validate(&self) -> Result<String, ApiError> {
        single_line(&self.name, ZONE_NAME_MAX_CHARS).map_err(|code| ApiError::validation("name", code))
    }
}

/// A zone as stored, without its shape (the map reads the shapes as GeoJSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ZoneSummary {
    pub id: i64,
    /// The municipality the zone lies in, found from its shape.
    pub istat_code: String,
    pub name: String,
}

/// One page of the list under the map: how many labs pass the filters, and
/// this page's labs by municipality and name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabList {
    pub total: usize,
    /// The page shown, from 1 (the last one when the URL asked beyond it).
    pub page: u32,
    pub labs: Vec<LabPublic>,
}

/// The page of the list under the map: `page=` in the URL, counted from 1.
/// A screen reader's table of 50 rows is still readable, and the page
/// hydrates quickly; the count above it is exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListPage(u32);

impl ListPage {
    /// Labs per page.
    pub const SIZE: usize = 50;
    pub const FIRST: ListPage = ListPage(1);

    /// The last valid `page=` of a query string; the first page when there
    /// is none (lenient, as [`LabFilter::from_query`]).
    pub fn from_query(query: &str) -> ListPage {
        let query = query.strip_prefix('?').unwrap_or(query);
        query
            .split('&')
            .filter_map(|pair| pair.strip_prefix("page="))
            .filter_map(|v| v.parse::<u32>().ok().filter(|n| (1..=1_000_000).contains(n)))
            .next_back()
            .map_or(ListPage::FIRST, ListPage)
    }

    pub fn number(self) -> u32 {
        self.0
    }

    /// How many labs come before this page.
    pub fn offset(self) -> usize {
        (self.0 as usize - 1) * Self::SIZE
    }

    /// How many pages `total` labs fill (at least one).
    pub fn count(total: usize) -> u32 {
        u32::try_from(total.div_ceil(Self::SIZE).max(1)).unwrap_or(u32::MAX)
    }

    /// This page, or the last one of `total` labs when it lies beyond.
    pub fn within(self, total: usize) -> ListPage {
        ListPage(self.0.min(Self::count(total)))
    }

    /// `query` (a page's query string) showing page `number` instead: the
    /// other parameters are kept as they are, `page=` goes last and is left
    /// out for the first page.
    pub fn query_for(query: &str, number: u32) -> String {
        let query = query.strip_prefix('?').unwrap_or(query);
        let mut pairs: Vec<String> =
            query.split('&').filter(|p| !p.is_empty() && !p.starts_with("page=")).map(str::to_owned).collect();
        if number > 1 {
            pairs.push(format!("page={number}"));
        }
        pairs.join("&")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn list_pages_come_from_the_query_and_stay_in_range() {
        assert_eq!(ListPage::from_query(""), ListPage::FIRST);
        assert_eq!(ListPage::from_query("?theme=housing&page=3").number(), 3);
        assert_eq!(ListPage::from_query("page=2&page=x&page=0&page=-1").number(), 2);
        assert_eq!(ListPage::from_query("page=99999999999").number(), 1);
        assert_eq!(ListPage::from_query("page=4").offset(), 150);
        assert_eq!(ListPage::count(0), 1);
        assert_eq!(ListPage::count(50), 1);
        assert_eq!(ListPage::count(51), 2);
        assert_eq!(ListPage::from_query("page=9").within(120).number(), 3);
        assert_eq!(ListPage::from_query("page=2").within(120).number(), 2);
    }

    #[test]
    fn a_list_page_link_keeps_the_filters() {
        assert_eq!(ListPage::query_for("?theme=housing&page=2&color=labs", 3), "theme=housing&color=labs&page=3");
        assert_eq!(ListPage::query_for("theme=housing&page=2", 1), "theme=housing");
        assert_eq!(ListPage::query_for("", 2), "page=2");
        // The filters read the same with or without the page.
        let q = ListPage::query_for("district=2&from=2026-01-01", 5);
        assert_eq!(LabFilter::from_query(&q), LabFilter::from_query("district=2&from=2026-01-01"));
    }

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn fields(result: Result<impl std::fmt::Debug, ApiError>) -> Vec<(String, ValidationCode)> {
        match result {
            Err(ApiError::Validation(f)) => f.into_iter().map(|f| (f.field, f.code)).collect(),
            other => panic!("expected validation errors, got {other:?}"),
        }
    }

    fn lab() -> LabInput {
        LabInput {
            name: "  Laboratorio di quartiere San Bernardino ".into(),
            description: "Merende, compiti\ne giochi.".into(),
            theme: "educational-support".into(),
            status: "active".into(),
            lon: Some(9.6886),
            lat: Some(45.364),
            address: "Via Roma 1, Crema".into(),
            precision: "area".into(),
            facilitator_id: Some(7),
            contact: "lab@example.org".into(),
            starts_on: "2026-09-15".into(),
            ends_on: Some("2027-06-30".into()),
            schedule: "ogni martedì 17-19".into(),
        }
    }

    fn public(theme: &str, status: LabStatus, starts: &str, ends: Option<&str>) -> LabPublic {
        LabPublic {
            id: 1,
            name: "Lab".into(),
            theme: ThemeKey::parse(theme).unwrap(),
            status,
            point: Point { lon: 9.69, lat: 45.36 },
            precision: LocationPrecision::Area,
            address: None,
            schedule: None,
            municipality: IstatCode::parse("019035").unwrap(),
            municipality_name: "Crema".into(),
            district_id: Some(2),
            starts_on: date(starts),
            ends_on: ends.map(date),
            next_meeting: None,
        }
    }

    #[test]
    fn statuses_and_precisions() {
        for s in LabStatus::ALL {
            assert_eq!(LabStatus::parse(s.code()), Some(s));
            assert_eq!(serde_json::to_value(s).unwrap(), s.code(), "serde uses the code");
            assert_ne!(s.text().it, s.text().en);
        }
        for p in LocationPrecision::ALL {
            assert_eq!(LocationPrecision::parse(p.code()), Some(p));
            assert_eq!(serde_json::to_value(p).unwrap(), p.code());
            assert_ne!(p.text().it, p.text().en);
        }
        assert_eq!(LabStatus::parse("Active"), None);
        assert_eq!(LocationPrecision::parse("approximate"), None);
    }

    #[test]
    fn privacy() {
        let exact = Point { lon: 9.6886, lat: 45.364 };
        let area = Point { lon: 9.69, lat: 45.36 };
        assert_eq!(public_point(LocationPrecision::Exact, exact, area), exact);
        assert_eq!(public_point(LocationPrecision::Area, exact, area), area);
        assert_eq!(public_address(LocationPrecision::Exact, Some("Via Roma 1")), Some("Via Roma 1".into()));
        assert_eq!(public_address(LocationPrecision::Area, Some("Via Roma 1")), None);
    }

    #[test]
    fn theme_keys() {
        assert_eq!(ThemeKey::parse(" housing ").unwrap().as_ref(), "housing");
        assert_eq!(ThemeKey::parse("orti-urbani-2026").unwrap().as_ref(), "orti-urbani-2026");
        assert_eq!(ThemeKey::parse(""), Err(ValidationCode::Required));
        assert_eq!(ThemeKey::parse(&"a".repeat(41)), Err(ValidationCode::TooLong));
        assert!(ThemeKey::parse(&"a".repeat(40)).is_ok());
        for bad in ["Casa", "orti urbani", "-casa", "casa-", "a--b", "città", "a_b"] {
            assert_eq!(ThemeKey::parse(bad), Err(ValidationCode::Slug), "{bad:?}");
        }
        assert!(serde_json::from_str::<ThemeKey>(r#""Not A Key""#).is_err(), "deserialising validates");
        assert_eq!(serde_json::from_str::<ThemeKey>(r#""housing""#).unwrap().as_ref(), "housing");
    }

    #[test]
    fn default_themes() {
        let themes = Theme::defaults();
        assert_eq!(themes.len(), 6);
        let mut keys: Vec<&str> = DEFAULT_THEMES.iter().map(|d| d.key).collect();
        for d in DEFAULT_THEMES {
            assert_eq!(ThemeKey::parse(d.key).map(|k| k.default_label()), Ok(Some(d.label)), "{}", d.key);
            assert_ne!(d.label.it, d.label.en);
        }
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), 6);
        assert_eq!(themes[1].label(Locale::It), "Sostegno educativo");
        assert_eq!(themes[1].label(Locale::En), "Educational support");
        assert_eq!(ThemeKey::parse("orti").unwrap().default_label(), None);
    }

    #[test]
    fn a_valid_lab() {
        let v = lab().validate().unwrap();
        assert_eq!(v.name, "Laboratorio di quartiere San Bernardino");
        assert_eq!(v.description.as_deref(), Some("Merende, compiti\ne giochi."));
        assert_eq!(v.theme.as_ref(), "educational-support");
        assert_eq!((v.status, v.precision), (LabStatus::Active, LocationPrecision::Area));
        assert_eq!(v.point, Point { lon: 9.6886, lat: 45.364 });
        assert_eq!((v.starts_on, v.ends_on), (date("2026-09-15"), Some(date("2027-06-30"))));
        assert_eq!(v.facilitator_id, Some(7));
        assert_eq!(v.schedule.as_deref(), Some("ogni martedì 17-19"));
    }

    #[test]
    fn optional_lab_fields() {
        let minimal = LabInput {
            description: " ".into(),
            address: String::new(),
            contact: String::new(),
            schedule: String::new(),
            facilitator_id: Some(0),
            ends_on: Some(" ".into()),
            ..lab()
        };
        let v = minimal.validate().unwrap();
        assert_eq!((v.description, v.address, v.contact, v.schedule), (None, None, None, None));
        assert_eq!((v.facilitator_id, v.ends_on), (None, None));
        let open_ended = LabInput { ends_on: None, ..lab() };
        assert_eq!(open_ended.validate().unwrap().ends_on, None);
        let one_day = LabInput { ends_on: Some("2026-09-15".into()), ..lab() };
        assert!(one_day.validate().is_ok(), "ending on the day it starts");
    }

    #[test]
    fn every_bad_lab_field_is_reported() {
        let bad = LabInput {
            name: "a\nb".into(),
            description: "x".repeat(DESCRIPTION_MAX_CHARS + 1),
            theme: "Casa".into(),
            status: "running".into(),
            lon: Some(f64::NAN),
            address: "x".repeat(ADDRESS_MAX_CHARS + 1),
            precision: String::new(),
            contact: "x".repeat(CONTACT_MAX_CHARS + 1),
            starts_on: "2026-09-15".into(),
            ends_on: Some("2026-09-14".into()),
            schedule: "martedì\u{7}".into(),
            ..lab()
        };
        let expected = [
            ("name", ValidationCode::ControlChars),
            ("description", ValidationCode::TooLong),
            ("theme", ValidationCode::Slug),
            ("status", ValidationCode::Choice),
            ("point", ValidationCode::Coordinates),
            ("address", ValidationCode::TooLong),
            ("precision", ValidationCode::Required),
            ("contact", ValidationCode::TooLong),
            ("ends_on", ValidationCode::EndBeforeStart),
            ("schedule", ValidationCode::ControlChars),
        ];
        let expected: Vec<(String, ValidationCode)> = expected.iter().map(|(f, c)| (f.to_string(), *c)).collect();
        assert_eq!(fields(bad.validate()), expected);
    }

    #[test]
    fn lab_point_and_dates() {
        let no_point = LabInput { lat: None, ..lab() };
        assert_eq!(fields(no_point.validate()), [("point".to_string(), ValidationCode::Required)]);
        let far = LabInput { lon: Some(190.0), ..lab() };
        assert_eq!(fields(far.validate()), [("point".to_string(), ValidationCode::Coordinates)]);
        let bad_start = LabInput { starts_on: "15/09/2026".into(), ..lab() };
        assert_eq!(fields(bad_start.validate()), [("starts_on".to_string(), ValidationCode::Date)], "end not judged");
        let no_start = LabInput { starts_on: String::new(), ..lab() };
        assert_eq!(fields(no_start.validate()), [("starts_on".to_string(), ValidationCode::Required)]);
        let bad_end = LabInput { ends_on: Some("2027-02-30".into()), ..lab() };
        assert_eq!(fields(bad_end.validate()), [("ends_on".to_string(), ValidationCode::Date)]);
        let long_name = LabInput { name: "n".repeat(NAME_MAX_CHARS + 1), ..lab() };
        assert_eq!(fields(long_name.validate()), [("name".to_string(), ValidationCode::TooLong)]);
    }

    #[test]
    fn lab_input_from_json() {
        let json = r#"{"name":"Lab","theme":"housing","status":"planned","lon":10.02,"lat":45.13,
                       "precision":"exact","starts_on":"2026-10-01","ends_on":null}"#;
        let input: LabInput = serde_json::from_str(json).unwrap();
        let v = input.validate().unwrap();
        assert_eq!((v.status, v.precision, v.ends_on), (LabStatus::Planned, LocationPrecision::Exact, None));
    }

    fn meeting() -> MeetingInput {
        MeetingInput {
            starts_at: "2026-11-24T17:00".into(),
            topic: "Compiti insieme".into(),
            attendance_total: Some(12),
            attendance_first_time: Some(3),
            organisations: Some(2),
            notes: "Riservato:\nchiamare la famiglia R.".into(),
        }
    }

    #[test]
    fn meetings_are_stored_in_utc() {
        // 24 November: Rome is UTC+1.
        let v = meeting().validate().unwrap();
        assert_eq!(
            v.starts_at,
            chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap().and_hms_opt(16, 0, 0).unwrap().and_utc().timestamp()
        );
        assert_eq!((v.attendance_total, v.attendance_first_time, v.organisations), (Some(12), Some(3), Some(2)));
        assert_eq!(v.topic.as_deref(), Some("Compiti insieme"));
        // July: UTC+2; seconds and a space are accepted.
        let summer = |s: &str| MeetingInput { starts_at: s.into(), ..meeting() }.validate().unwrap().starts_at;
        let expected =
            chrono::NaiveDate::from_ymd_opt(2026, 7, 7).unwrap().and_hms_opt(15, 0, 0).unwrap().and_utc().timestamp();
        assert_eq!(summer("2026-07-07T17:00"), expected);
        assert_eq!(summer("2026-07-07T17:00:00"), expected);
        assert_eq!(summer(" 2026-07-07 17:00 "), expected);
    }

    #[test]
    fn a_planned_meeting_has_no_attendance() {
        let planned = MeetingInput {
            topic: String::new(),
            attendance_total: None,
            attendance_first_time: None,
            organisations: None,
            notes: String::new(),
            ..meeting()
        };
        let v = planned.validate().unwrap();
        assert_eq!((v.topic, v.attendance_total, v.notes), (None, None, None));
        let nobody = MeetingInput { attendance_total: Some(0), attendance_first_time: Some(0), ..meeting() };
        assert!(nobody.validate().is_ok());
    }

    #[test]
    fn bad_meetings() {
        let f = |m: MeetingInput| fields(m.validate());
        let one = |field: &str, code| vec![(field.to_string(), code)];
        assert_eq!(
            f(MeetingInput { starts_at: String::new(), ..meeting() }),
            one("starts_at", ValidationCode::Required)
        );
        assert_eq!(
            f(MeetingInput { starts_at: "24/11/2026 17:00".into(), ..meeting() }),
            one("starts_at", ValidationCode::DateTime)
        );
        assert_eq!(
            f(MeetingInput { starts_at: "2026-03-29T02:30".into(), ..meeting() }),
            one("starts_at", ValidationCode::DateTime),
            "skipped by summer time"
        );
        assert_eq!(
            f(MeetingInput { attendance_first_time: Some(13), ..meeting() }),
            one("attendance_first_time", ValidationCode::Attendance)
        );
        assert_eq!(
            f(MeetingInput { attendance_total: None, ..meeting() }),
            one("attendance_first_time", ValidationCode::Attendance),
            "first-timers without a total"
        );
        assert_eq!(
            f(MeetingInput {
                attendance_total: Some(-1),
                attendance_first_time: None,
                organisations: Some(-2),
                ..meeting()
            }),
            vec![
                ("attendance_total".to_string(), ValidationCode::NotNegative),
                ("organisations".to_string(), ValidationCode::NotNegative)
            ]
        );
        assert_eq!(
            f(MeetingInput { attendance_first_time: Some(-1), ..meeting() }),
            one("attendance_first_time", ValidationCode::NotNegative)
        );
        assert_eq!(
            f(MeetingInput { topic: "t".repeat(TOPIC_MAX_CHARS + 1), ..meeting() }),
            one("topic", ValidationCode::TooLong)
        );
        assert_eq!(
            f(MeetingInput { notes: "n".repeat(NOTES_MAX_CHARS + 1), ..meeting() }),
            one("notes", ValidationCode::TooLong)
        );
    }

    #[test]
    fn filters_in_the_url() {
        let f = LabFilter {
            theme: Some(ThemeKey::parse("housing").unwrap()),
            status: Some(LabStatus::Active),
            district: Some(2),
            municipality: Some(IstatCode::parse("019036").unwrap()),
            active_from: Some(date("2026-01-01")),
            active_to: Some(date("2026-12-31")),
        };
        let q = "theme=housing&status=active&district=2&municipality=019036&from=2026-01-01&to=2026-12-31";
        assert_eq!(f.to_query(), q);
        assert_eq!(LabFilter::from_query(q), f);
        assert_eq!(LabFilter::from_query(&format!("?{q}")), f);
        assert_eq!(LabFilter::default().to_query(), "");
        assert!(LabFilter::from_query("").is_empty() && LabFilter::from_query("?").is_empty());
        let only_status = LabFilter { status: Some(LabStatus::Paused), ..LabFilter::default() };
        assert_eq!(only_status.to_query(), "status=paused");
    }

    #[test]
    fn filters_ignore_what_they_cannot_read() {
        let q = "theme=Casa&status=running&district=-1&municipality=19036&from=2026-02-30&to=soon&zoom=12&junk";
        assert!(LabFilter::from_query(q).is_empty(), "{:?}", LabFilter::from_query(q));
        let f = LabFilter::from_query("status=active&status=bogus&district=3&district=4&lang=en");
        assert_eq!((f.status, f.district), (Some(LabStatus::Active), Some(4)), "the last valid value wins");
    }

    #[test]
    fn filters_match_labs() {
        let lab = public("housing", LabStatus::Active, "2026-03-01", Some("2026-06-30"));
        let q = |s: &str| LabFilter::from_query(s);
        assert!(q("").matches(&lab));
        assert!(q("theme=housing&status=active&district=2&municipality=019035").matches(&lab));
        assert!(!q("theme=other").matches(&lab));
        assert!(!q("status=closed").matches(&lab));
        assert!(!q("district=3").matches(&lab));
        assert!(!q("municipality=019036").matches(&lab));
        assert!(!LabFilter { district: Some(2), ..LabFilter::default() }
            .matches(&LabPublic { district_id: None, ..lab.clone() }));
        // Periods overlap, ends included.
        assert!(q("from=2026-06-30").matches(&lab));
        assert!(!q("from=2026-07-01").matches(&lab));
        assert!(q("to=2026-03-01").matches(&lab));
        assert!(!q("to=2026-02-28").matches(&lab));
        assert!(q("from=2026-01-01&to=2026-12-31").matches(&lab));
        assert!(q("from=2026-04-01&to=2026-04-02").matches(&lab));
        let open_ended = public("housing", LabStatus::Active, "2026-03-01", None);
        assert!(q("from=2030-01-01").matches(&open_ended));
    }

    #[test]
    fn public_labs_serialise() {
        let lab = LabPublic {
            next_meeting: Some(NextMeeting { starts_at: 1_790_000_000, topic: None }),
            ..public("housing", LabStatus::Active, "2026-03-01", None)
        };
        let json = serde_json::to_value(&lab).unwrap();
        assert_eq!(json["theme"], "housing");
        assert_eq!(json["status"], "active");
        assert_eq!(json["municipality"], "019035");
        assert_eq!(json["starts_on"], "2026-03-01");
        assert_eq!(serde_json::from_value::<LabPublic>(json).unwrap(), lab);
    }

    #[test]
    fn new_validation_codes_are_translated() {
        for code in [
            ValidationCode::Coordinates,
            ValidationCode::Bbox,
            ValidationCode::OutsideProvince,
            ValidationCode::Geometry,
            ValidationCode::Choice,
            ValidationCode::DateTime,
            ValidationCode::NotNegative,
            ValidationCode::Attendance,
        ] {
            assert_ne!(code.text().it, code.text().en, "{code:?}");
        }
        assert_eq!(serde_json::to_value(ValidationCode::OutsideProvince).unwrap(), "outside_province");
        assert_eq!(serde_json::to_value(ValidationCode::Bbox).unwrap(), "bbox");
    }

    #[test]
    fn point_input() {
        assert_eq!(PointInput { lon: Some(10.02), lat: Some(45.13) }.validate(), Ok(Point { lon: 10.02, lat: 45.13 }));
        assert_eq!(
            fields(PointInput { lon: Some(10.02), lat: None }.validate()),
            [("point".into(), ValidationCode::Required)]
        );
        assert_eq!(
            fields(PointInput { lon: Some(f64::INFINITY), lat: Some(45.0) }.validate()),
            [("point".into(), ValidationCode::Coordinates)]
        );
    }

    #[test]
    fn theme_input() {
        let ok = ThemeInput { label_it: " Orti ".into(), label_en: "Gardens".into() }.validate("orti").unwrap();
        assert_eq!((ok.key.as_ref(), ok.label_it.as_str(), ok.label_en.as_str()), ("orti", "Orti", "Gardens"));
        let bad = ThemeInput { label_it: String::new(), label_en: "x".repeat(THEME_LABEL_MAX_CHARS + 1) };
        assert_eq!(
            fields(bad.validate("Orti")),
            [
                ("key".into(), ValidationCode::Slug),
                ("label_it".into(), ValidationCode::Required),
                ("label_en".into(), ValidationCode::TooLong)
            ]
        );
    }

    #[test]
    fn district_input() {
        let input = DistrictInput {
            name: " Cremasco ".into(),
            description: String::new(),
            municipalities: vec!["019035".into(), "019001".into(), "019035".into()],
        };
        let v = input.validate().unwrap();
        assert_eq!((v.name.as_str(), v.description), ("Cremasco", None));
        let codes: Vec<&str> = v.municipalities.iter().map(AsRef::as_ref).collect();
        assert_eq!(codes, ["019001", "019035"], "sorted, without repeats");
        let empty = DistrictInput { municipalities: vec![], ..input.clone() };
        assert!(empty.validate().unwrap().municipalities.is_empty(), "a district may be empty");
        let bad = DistrictInput { name: "\u{7}".into(), municipalities: vec!["19035".into()], ..input };
        assert_eq!(
            fields(bad.validate()),
            [("name".into(), ValidationCode::ControlChars), ("municipalities".into(), ValidationCode::Choice)]
        );
    }

    #[test]
    fn zone_names_from_gis_files() {
        for json in [r#"{"name":"Centro"}"#, r#"{"nome":"Centro"}"#, r#"{"NOME":"Centro","area":3}"#] {
            let p: ZoneProperties = serde_json::from_str(json).unwrap();
            assert_eq!(p.validate().unwrap(), "Centro", "{json}");
        }
        let none: ZoneProperties = serde_json::from_str("{}").unwrap();
        assert_eq!(fields(none.validate()), [("name".into(), ValidationCode::Required)]);
    }

    #[test]
    fn lab_detail_serialises_public_fields() {
        let detail = LabDetail {
            lab: public("housing", LabStatus::Active, "2026-03-01", None),
            description: Some("d".into()),
            contact: None,
            zone: Some("Centro".into()),
            facilitator: None,
            is_demo: false,
            upcoming: vec![NextMeeting { starts_at: 1_790_000_000, topic: Some("t".into()) }],
            attendance: AttendanceTotals { meetings: 2, participants: 20, first_time: 3, organisations: 1 },
        };
        let json = serde_json::to_value(&detail).unwrap();
        assert_eq!(json["attendance"]["participants"], 20);
        assert_eq!(json["lab"]["theme"], "housing");
        assert!(!json.to_string().contains("notes"));
        assert_eq!(serde_json::from_value::<LabDetail>(json).unwrap(), detail);
    }

    fn filters() -> impl Strategy<Value = LabFilter> {
        let theme =
            proptest::option::of("[a-z0-9]{1,12}(-[a-z0-9]{1,12}){0,2}".prop_map(|s| ThemeKey::parse(&s).unwrap()));
        let status = proptest::option::of(proptest::sample::select(LabStatus::ALL.to_vec()));
        let district = proptest::option::of(1..i64::MAX);
        let municipality = proptest::option::of("[0-9]{6}".prop_map(|s| IstatCode::parse(&s).unwrap()));
        let day = || proptest::option::of((0..40_000i64).prop_map(|d| date("1990-01-01") + chrono::Duration::days(d)));
        (theme, status, district, municipality, day(), day()).prop_map(
            |(theme, status, district, municipality, active_from, active_to)| LabFilter {
                theme,
                status,
                district,
                municipality,
                active_from,
                active_to,
            },
        )
    }

    proptest! {
        #[test]
        fn filter_query_round_trip(f in filters()) {
            prop_assert_eq!(LabFilter::from_query(&f.to_query()), f);
        }

        #[test]
        fn filter_parse_never_panics(q in ".{0,120}") {
            let f = LabFilter::from_query(&q);
            prop_assert_eq!(LabFilter::from_query(&f.to_query()), f);
        }

        #[test]
        fn lab_validation_never_panics(name in ".{0,130}", theme in ".{0,45}", lon in proptest::num::f64::ANY, lat in proptest::num::f64::ANY, start in ".{0,12}") {
            let input = LabInput { name, theme, lon: Some(lon), lat: Some(lat), starts_on: start, ..lab() };
            if let Ok(v) = input.validate() {
                prop_assert!(v.point.lon.is_finite() && v.point.lat.is_finite());
            }
        }
    }
}

/// From this zoom on, the map shows every lab on its own.
pub const SPREAD_ZOOM: u8 = 15;
/// Below it, labs closer than this many pixels are shown as one group.
pub const GROUP_CELL_PX: u32 = 56;

/// Labs too close to tell apart at the map's zoom (`labs.geojson?zoom=`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LabGroup {
    /// Always `true`: tells a group from a lab.
    pub group: bool,
    pub count: usize,
    /// `[minLon, minLat, maxLon, maxLat]` of the labs' public points.
    pub bbox: [f64; 4],
}

/// What one feature of `labs.geojson` is: a lab, or a group of labs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum MapItem {
    Group(LabGroup),
    Lab(Box<LabPublic>),
}

/// The map's background tiles (server configuration). Tiles are optional:
/// without them the map shows boundaries and labs on a plain background.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tiles {
    /// A template such as `https://tile.openstreetmap.org/{z}/{x}/{y}.png`.
    pub url: String,
    pub attribution: String,
}

impl Tiles {
    /// `None` for `off`, an empty value, or a URL that is not http(s) with
    /// the three placeholders.
    pub fn parse(url: &str, attribution: &str) -> Option<Tiles> {
        let url = url.trim();
        let usable = (url.starts_with("https://") || url.starts_with("http://"))
            && ["{z}", "{x}", "{y}"].iter().all(|p| url.contains(p));
        usable.then(|| Tiles { url: url.to_owned(), attribution: attribution.trim().to_owned() })
    }

    /// `https://tile.example.org` for the page's Content-Security-Policy.
    pub fn origin(&self) -> &str {
        let after_scheme = self.url.find("://").map_or(0, |i| i + 3);
        let end = self.url[after_scheme..].find('/').map_or(self.url.len(), |i| after_scheme + i);
        &self.url[..end]
    }
}

#[cfg(test)]
mod tiles_tests {
    use super::Tiles;

    #[test]
    fn tiles_switch_off_and_name_their_origin() {
        assert_eq!(Tiles::parse("off", "x"), None);
        assert_eq!(Tiles::parse("", "x"), None);
        assert_eq!(Tiles::parse("javascript:alert(1)/{z}/{x}/{y}", "x"), None);
        let t = Tiles::parse(" https://tile.openstreetmap.org/{z}/{x}/{y}.png ", "© OSM").unwrap();
        assert_eq!(t.origin(), "https://tile.openstreetmap.org");
        assert_eq!(t.attribution, "© OSM");
    }
}
#[cfg(test)]
mod map_item_wire {
    /// A lab as `labs.geojson` sends it reads back as a lab, not a group
    /// (the map parses the same JSON in the browser).
    #[test]
    fn a_lab_feature_reads_back_as_a_lab() {
        let raw = r#"{"id":1,"name":"Compiti insieme a Crema","theme":"educational-support","status":"active","point":{"lon":9.6886,"lat":45.364},"precision":"exact","address":"Piazza Duomo, Crema","schedule":"ogni martedì 17-19","municipality":"019035","municipality_name":"Crema","district_id":2,"starts_on":"2025-09-15","ends_on":null,"next_meeting":{"starts_at":1796313600,"topic":"Incontro del laboratorio"}}"#;
        match serde_json::from_str::<super::MapItem>(raw) {
            Ok(super::MapItem::Lab(lab)) => assert_eq!(lab.name, "Compiti insieme a Crema"),
            other => panic!("expected a lab, got {other:?}"),
        }
        let group = r#"{"group":true,"count":3,"bbox":[9.6,45.3,9.7,45.4]}"#;
        assert!(matches!(serde_json::from_str::<super::MapItem>(group), Ok(super::MapItem::Group(_))));
    }
}
