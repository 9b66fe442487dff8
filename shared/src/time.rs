//! Timestamps are stored as UTC seconds and shown in Europe/Rome.
//!
//! Italy follows the EU summer-time rule (since 1996): UTC+2 from 01:00 UTC
//! on the last Sunday of March to 01:00 UTC on the last Sunday of October,
//! UTC+1 otherwise. Computing it here avoids shipping a time-zone database
//! to the browser.

use crate::i18n::Locale;
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};

fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let first_next =
        if month == 12 { NaiveDate::from_ymd_opt(year + 1, 1, 1) } else { NaiveDate::from_ymd_opt(year, month + 1, 1) }
            .expect("valid date");
    let last = first_next - Duration::days(1);
    let back = last.weekday().num_days_from_sunday() as i64;
    last - Duration::days(back)
}

/// Offset of Europe/Rome from UTC, in hours, at the instant `at`.
pub fn rome_offset_hours(at: DateTime<Utc>) -> i64 {
    let year = at.year();
    let start = Utc.from_utc_datetime(&last_sunday(year, 3).and_hms_opt(1, 0, 0).expect("valid"));
    let end = Utc.from_utc_datetime(&last_sunday(year, 10).and_hms_opt(1, 0, 0).expect("valid"));
    if at >= start && at < end {
        2
    } else {
        1
    }
}

/// The wall-clock time in Rome for a UTC instant.
pub fn to_rome(at: DateTime<Utc>) -> chrono::NaiveDateTime {
    at.naive_utc() + Duration::hours(rome_offset_hours(at))
}

/// The UTC instant of midnight in Rome at the start of `date`. (Summer time
/// changes at 02:00/03:00 local time, so midnight is never ambiguous.)
pub fn rome_midnight_utc(date: NaiveDate) -> i64 {
    let naive = date.and_hms_opt(0, 0, 0).expect("midnight exists");
    let guess = Utc.from_utc_datetime(&naive) - Duration::hours(1);
    (Utc.from_utc_datetime(&naive) - Duration::hours(rome_offset_hours(guess))).timestamp()
}

/// The UTC instant (seconds) of a wall-clock time in Rome. `None` for the
/// hour skipped when summer time starts (02:00–02:59 on the last Sunday of
/// March); the hour repeated when it ends gives its first, earlier occurrence.
pub fn rome_local_to_utc(local: chrono::NaiveDateTime) -> Option<i64> {
    // Only UTC+2 and UTC+1 are possible: keep the instant that reads back as `local`.
    [2, 1]
        .into_iter()
        .map(|h| Utc.from_utc_datetime(&(local - Duration::hours(h))))
        .find(|at| to_rome(*at) == local)
        .map(|at| at.timestamp())
}

/// `2026-11-25T16:05`: the Rome wall-clock time as an HTML `datetime-local`
/// field expects it, so a form shows back what was stored.
pub fn format_datetime_input(secs: i64) -> String {
    to_rome(from_unix(secs)).format("%Y-%m-%dT%H:%M").to_string()
}

pub fn from_unix(secs: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(secs, 0).unwrap_or_default()
}

/// `25/11/2026 16:05` in Italian, `25 Nov 2026, 16:05` in English.
pub fn format_datetime(secs: i64, locale: Locale) -> String {
    let local = to_rome(from_unix(secs));
    match locale {
        Locale::It => local.format("%d/%m/%Y %H:%M").to_string(),
        Locale::En => local.format("%-d %b %Y, %H:%M").to_string(),
    }
}

/// `16:05` in Rome, in both languages (for "saved at").
pub fn format_time(secs: i64, _locale: Locale) -> String {
    to_rome(from_unix(secs)).format("%H:%M").to_string()
}

pub fn format_date(secs: i64, locale: Locale) -> String {
    let local = to_rome(from_unix(secs));
    match locale {
        Locale::It => local.format("%d/%m/%Y").to_string(),
        Locale::En => local.format("%-d %b %Y").to_string(),
    }
}

#[allow(dead_code)]
fn is_sunday(d: NaiveDate) -> bool {
    d.weekday() == Weekday::Sun
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    #[test]
    fn summer_time_boundaries() {
        // 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC.
        assert_eq!(last_sunday(2026, 3), NaiveDate::from_ymd_opt(2026, 3, 29).unwrap());
        assert_eq!(last_sunday(2026, 10), NaiveDate::from_ymd_opt(2026, 10, 25).unwrap());
        assert_eq!(rome_offset_hours(utc(2026, 3, 29, 0, 59)), 1);
        assert_eq!(rome_offset_hours(utc(2026, 3, 29, 1, 0)), 2);
        assert_eq!(rome_offset_hours(utc(2026, 10, 25, 0, 59)), 2);
        assert_eq!(rome_offset_hours(utc(2026, 10, 25, 1, 0)), 1);
        assert!(is_sunday(last_sunday(2027, 3)));
    }

    #[test]
    fn midnight_in_rome() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(rome_midnight_utc(d(2026, 1, 15)), utc(2026, 1, 14, 23, 0).timestamp());
        assert_eq!(rome_midnight_utc(d(2026, 7, 15)), utc(2026, 7, 14, 22, 0).timestamp());
        assert_eq!(
            rome_midnight_utc(d(2026, 3, 29)),
            utc(2026, 3, 28, 23, 0).timestamp(),
            "the day summer time starts"
        );
    }

    #[test]
    fn formats_in_rome_time() {
        let winter = utc(2026, 11, 25, 15, 5).timestamp();
        assert_eq!(format_datetime(winter, Locale::It), "25/11/2026 16:05");
        assert_eq!(format_datetime(winter, Locale::En), "25 Nov 2026, 16:05");
        let summer = utc(2026, 7, 1, 22, 30).timestamp();
        assert_eq!(format_date(summer, Locale::It), "02/07/2026");
    }

    #[test]
    fn rome_wall_clock_to_utc() {
        let local = |s: &str| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap();
        assert_eq!(rome_local_to_utc(local("2026-01-15T09:30")), Some(utc(2026, 1, 15, 8, 30).timestamp()));
        assert_eq!(rome_local_to_utc(local("2026-07-15T09:30")), Some(utc(2026, 7, 15, 7, 30).timestamp()));
        assert_eq!(rome_local_to_utc(local("2026-03-29T02:30")), None, "skipped by summer time");
        assert_eq!(rome_local_to_utc(local("2026-03-29T03:00")), Some(utc(2026, 3, 29, 1, 0).timestamp()));
        assert_eq!(
            rome_local_to_utc(local("2026-10-25T02:30")),
            Some(utc(2026, 10, 25, 0, 30).timestamp()),
            "repeated hour: the first occurrence"
        );
        let winter = utc(2026, 11, 25, 15, 5).timestamp();
        assert_eq!(format_datetime_input(winter), "2026-11-25T16:05");
        assert_eq!(rome_local_to_utc(local(&format_datetime_input(winter))), Some(winter));
    }
}
