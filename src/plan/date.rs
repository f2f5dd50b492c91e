//! Calendar dates as plan files use them: TOML local dates, no time, no zone.

use std::fmt;
use std::str::FromStr;

/// A calendar date (proleptic Gregorian), ordered chronologically.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

/// Returns the number of days in `month` of `year`, or 0 for a month that
/// does not exist.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// Returns the date if it exists in the calendar (no 30 February).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        (day >= 1 && day <= days_in_month(year, month)).then_some(Date { year, month, day })
    }

    /// Returns today's date in the machine's time zone (at 00:30 in
    /// Stockholm it is already the new day there, though not yet in UTC),
    /// or the date in `LANSPLAN_TODAY` (YYYY-MM-DD) when set, so that
    /// tests and demos can fix "today".
    pub fn today() -> Date {
        if let Some(date) = std::env::var("LANSPLAN_TODAY").ok().and_then(|s| s.parse().ok()) {
            return date;
        }
        // A time zone that cannot be told is taken as UTC.
        Date::at(jiff::Timestamp::now(), &jiff::tz::TimeZone::system())
    }

    /// Returns the date at the instant `now` in the time zone `tz`.
    pub fn at(now: jiff::Timestamp, tz: &jiff::tz::TimeZone) -> Date {
        let d = now.to_zoned(tz.clone()).date();
        // jiff's years are -9999..=9999, its months and days in range.
        Date { year: i32::from(d.year()), month: d.month() as u8, day: d.day() as u8 }
    }

    /// Returns the number of days from 1970-01-01 to this date (negative
    /// before it); the inverse of [`Date::from_days_since_epoch`].
    pub fn days_since_epoch(self) -> i64 {
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// Converts a day count since 1970-01-01 to a date (Howard Hinnant's
    /// civil-from-days algorithm).
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Why a text is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not of the form YYYY-MM-DD.
    #[error("not of the form YYYY-MM-DD")]
    Shape,
    /// Well formed but not in the calendar, like 2021-02-30.
    #[error("no such day in the calendar")]
    NoSuchDay,
}

impl FromStr for Date {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Date, DateError> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(DateError::Shape);
        }
        let digits = |r: std::ops::Range<usize>| -> Result<u32, DateError> {
            let part = &s[r];
            if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse().map_err(|_| DateError::Shape)
            } else {
                Err(DateError::Shape)
            }
        };
        let (y, m, d) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
        Date::new(y as i32, m as u8, d as u8).ok_or(DateError::NoSuchDay)
    }
}

/// Returns a time as stored in review files (`YYYY-MM-DD HH:MM UTC`, the
/// same wherever it was written) as the clock reads in the time zone `tz`,
/// with the zone's abbreviation: `2026-11-22 11:00 CET` in Stockholm in
/// winter, `2026-07-01 12:00 CEST` in summer (issue #22: times are local).
/// In UTC, and for any text that is not such a time, the text as stored.
pub fn shown_time(stored: &str, tz: &jiff::tz::TimeZone) -> String {
    let Some(civil) =
        stored.strip_suffix(" UTC").and_then(|t| jiff::civil::DateTime::strptime("%Y-%m-%d %H:%M", t).ok())
    else {
        return stored.to_string();
    };
    let Ok(at) = civil.to_zoned(jiff::tz::TimeZone::UTC) else { return stored.to_string() };
    let here = at.with_time_zone(tz.clone());
    if here.offset().seconds() == 0 && tz.iana_name().is_none_or(|n| n == "UTC" || n == "Etc/UTC") {
        return stored.to_string();
    }
    here.strftime("%Y-%m-%d %H:%M %Z").to_string()
}

/// The time zone times are shown in: the machine's (`TZ` names another).
pub fn display_zone() -> jiff::tz::TimeZone {
    jiff::tz::TimeZone::system()
}

#[cfg(test)]
mod tests {
    #[test]
    fn stored_times_are_shown_on_the_local_clock() {
        use super::shown_time;
        use jiff::tz::TimeZone;
        let sthlm = TimeZone::get("Europe/Stockholm").expect("the tz database has Stockholm");
        assert_eq!(shown_time("2026-11-22 10:00 UTC", &sthlm), "2026-11-22 11:00 CET");
        assert_eq!(shown_time("2026-07-01 10:00 UTC", &sthlm), "2026-07-01 12:00 CEST");
        // Past midnight there, not yet in UTC.
        assert_eq!(shown_time("2026-12-01 23:30 UTC", &sthlm), "2026-12-02 00:30 CET");
        assert_eq!(shown_time("2026-11-22 10:00 UTC", &TimeZone::UTC), "2026-11-22 10:00 UTC");
        // Anything else stays as it is.
        for odd in ["", "igår", "2026-11-22 10:00", "2026-13-22 10:00 UTC", "2026-11-22 10:00 UTC\u{1b}[2J"] {
            assert_eq!(shown_time(odd, &sthlm), odd);
        }
    }

    use super::*;

    // Issue #16: "today" is the date where the user is. At 23:30 UTC on
    // 1 December it is 00:30 on 2 December in Stockholm (UTC+1 in winter,
    // UTC+2 in summer, when 22:30 UTC is already the next day).
    #[test]
    fn today_is_the_local_date() {
        let stockholm = jiff::tz::TimeZone::get("Europe/Stockholm").expect("the time zone database has Stockholm");
        let at = |s: &str| s.parse::<jiff::Timestamp>().expect("an instant");
        assert_eq!(Date::at(at("2026-12-01T23:30:00Z"), &stockholm), Date { year: 2026, month: 12, day: 2 });
        assert_eq!(
            Date::at(at("2026-12-01T23:30:00Z"), &jiff::tz::TimeZone::UTC),
            Date { year: 2026, month: 12, day: 1 }
        );
        assert_eq!(Date::at(at("2026-06-30T22:30:00Z"), &stockholm), Date { year: 2026, month: 7, day: 1 });
        assert_eq!(Date::at(at("2026-06-30T21:30:00Z"), &stockholm), Date { year: 2026, month: 6, day: 30 });
    }

    #[test]
    fn parses_and_rejects() {
        assert_eq!("2024-02-29".parse(), Ok(Date { year: 2024, month: 2, day: 29 }));
        assert_eq!("2023-02-29".parse::<Date>(), Err(DateError::NoSuchDay));
        assert_eq!("2023-13-01".parse::<Date>(), Err(DateError::NoSuchDay));
        assert_eq!("2023-1-01".parse::<Date>(), Err(DateError::Shape));
        assert_eq!("20a3-01-01".parse::<Date>(), Err(DateError::Shape));
    }

    #[test]
    fn days_since_epoch() {
        assert_eq!(Date::from_days_since_epoch(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_days_since_epoch(20_414).to_string(), "2025-11-22");
        assert_eq!(Date::from_days_since_epoch(11_016).to_string(), "2000-02-29");
    }

    #[test]
    fn days_since_epoch_inverts_from_days() {
        for days in (-800_000..800_000).step_by(997).chain([-1, 0, 1, 59, 60, 11_016, 20_414]) {
            assert_eq!(Date::from_days_since_epoch(days).days_since_epoch(), days, "{days}");
        }
    }
}
