//! Calendar days as crews type them: `JJ/MM` (the year is the nearest one that makes sense),
//! `JJ/MM/AAAA`; weeks run Monday to Sunday. Pure functions: callers pass "today" in the
//! configured time zone.

use chrono::{Datelike, Days, NaiveDate};

/// Parse `JJ/MM`, `J/M`, `JJ/MM/AA` or `JJ/MM/AAAA` (`-` and `.` separators accepted).
/// Without a year, picks the year that puts the date nearest to `reference`: in December,
/// `05/01` is next January; in January, `28/12` is last December.
pub fn parse_day(input: &str, reference: NaiveDate) -> Option<NaiveDate> {
    let mut parts = input.trim().split(['/', '-', '.']);
    let day: u32 = number(parts.next()?, 2)?;
    let month: u32 = number(parts.next()?, 2)?;
    let year = parts.next();
    if parts.next().is_some() {
        return None;
    }
    match year {
        Some(y) if y.len() == 4 => NaiveDate::from_ymd_opt(number(y, 4)?, month, day),
        Some(y) if y.len() == 2 => NaiveDate::from_ymd_opt(2000 + number::<i32>(y, 2)?, month, day),
        Some(_) => None,
        None => nearest(day, month, reference),
    }
}

/// The error for an option that is not a date [`parse_day`] understands.
pub fn bad_date(field: &'static str, got: &str) -> super::CommandError {
    super::CommandError::invalid(
        field,
        super::Reason::BadDate {
            got: got.to_owned(),
        },
    )
}

fn number<T: std::str::FromStr>(s: &str, max_len: usize) -> Option<T> {
    if s.is_empty() || s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// The date `day/month` in the year before, of, or after `reference`, whichever is nearest.
/// 29/02 only exists in leap years; the nearest leap year among the three is chosen.
fn nearest(day: u32, month: u32, reference: NaiveDate) -> Option<NaiveDate> {
    let year = reference.year();
    [year - 1, year, year + 1]
        .into_iter()
        .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
        .min_by_key(|d| (*d - reference).num_days().abs())
}

/// Monday of the week containing `date`.
pub fn week_start(date: NaiveDate) -> NaiveDate {
    date - Days::new(u64::from(date.weekday().num_days_from_monday()))
}

/// Every day from `from` to `to`, both included.
pub fn days(from: NaiveDate, to: NaiveDate) -> impl Iterator<Item = NaiveDate> {
    from.iter_days().take_while(move |d| *d <= to)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn day_month_takes_the_current_year_when_nearest() {
        assert_eq!(parse_day("12/05", d(2026, 4, 1)), Some(d(2026, 5, 12)));
        assert_eq!(parse_day("1/3", d(2026, 4, 1)), Some(d(2026, 3, 1)));
    }

    #[test]
    fn january_typed_in_december_is_next_year() {
        assert_eq!(parse_day("05/01", d(2026, 12, 20)), Some(d(2027, 1, 5)));
    }

    #[test]
    fn december_typed_in_january_is_last_year() {
        assert_eq!(parse_day("28/12", d(2027, 1, 3)), Some(d(2026, 12, 28)));
    }

    #[test]
    fn explicit_years_are_kept() {
        assert_eq!(
            parse_day("05/01/2030", d(2026, 12, 20)),
            Some(d(2030, 1, 5))
        );
        assert_eq!(parse_day("05-01-30", d(2026, 12, 20)), Some(d(2030, 1, 5)));
        assert_eq!(
            parse_day("05.01.2030", d(2026, 12, 20)),
            Some(d(2030, 1, 5))
        );
    }

    #[test]
    fn february_29_goes_to_the_nearest_leap_year() {
        assert_eq!(parse_day("29/02", d(2027, 6, 1)), Some(d(2028, 2, 29)));
        assert_eq!(parse_day("29/02", d(2025, 1, 1)), Some(d(2024, 2, 29)));
    }

    #[test]
    fn nonsense_is_rejected() {
        for bad in [
            "",
            "12",
            "32/01",
            "00/05",
            "12/13",
            "aa/bb",
            "12/05/2",
            "1/2/3/4",
            "+1/02",
            "12/05/123456",
            "١٢/٠٥",
            "12 /05",
            "9999999999/1",
        ] {
            assert_eq!(parse_day(bad, d(2026, 6, 1)), None, "{bad:?}");
        }
    }

    #[test]
    fn weeks_start_on_monday() {
        assert_eq!(week_start(d(2026, 11, 26)), d(2026, 11, 23));
        assert_eq!(week_start(d(2026, 11, 23)), d(2026, 11, 23));
        assert_eq!(week_start(d(2026, 11, 29)), d(2026, 11, 23));
        assert_eq!(days(d(2026, 11, 23), d(2026, 11, 29)).count(), 7);
    }
}
