//! Dates the way each language writes them.

use crate::i18n::{Locale, td_string};

/// A Unix time as a calendar date (UTC) the way the language writes it:
/// "26 November 2026", "2026年11月26日".
pub fn format_date(locale: Locale, unix_seconds: i64) -> String {
    let (year, month, day) = civil_date(unix_seconds);
    let month_name = match month {
        1 => td_string!(locale, format.month_1),
        2 => td_string!(locale, format.month_2),
        3 => td_string!(locale, format.month_3),
        4 => td_string!(locale, format.month_4),
        5 => td_string!(locale, format.month_5),
        6 => td_string!(locale, format.month_6),
        7 => td_string!(locale, format.month_7),
        8 => td_string!(locale, format.month_8),
        9 => td_string!(locale, format.month_9),
        10 => td_string!(locale, format.month_10),
        11 => td_string!(locale, format.month_11),
        _ => td_string!(locale, format.month_12),
    };
    td_string!(locale, format.date, year, month, day, month_name)
}

/// A Unix time as a date and a time of day, in UTC (the server does not
/// know the visitor's time zone, so it says which one it uses):
/// "26 November 2026, 14:05 UTC".
pub fn format_date_time(locale: Locale, unix_seconds: i64) -> String {
    let minutes = unix_seconds.rem_euclid(86_400) / 60;
    let time = format!("{:02}:{:02}", minutes / 60, minutes % 60);
    td_string!(locale, format.date_time, date = format_date(locale, unix_seconds), time)
}

/// (year, month 1–12, day) of a Unix time, UTC. Civil-from-days (Howard
/// Hinnant's algorithm), so wasm needs no date crate.
fn civil_date(unix_seconds: i64) -> (i64, i64, i64) {
    let days = unix_seconds.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale::{en, ja};

    #[test]
    fn dates_are_calendar_dates() {
        assert_eq!(format_date(en, 0), "1 January 1970");
        assert_eq!(format_date(en, 1_795_651_200), "26 November 2026");
        assert_eq!(format_date(en, 951_782_400), "29 February 2000");
        assert_eq!(format_date(ja, 1_795_651_200), "2026年11月26日");
        assert_eq!(format_date(ja, 951_782_400), "2000年2月29日");
    }

    #[test]
    fn times_of_day_say_their_zone() {
        let at = 1_795_651_200 + 14 * 3600 + 5 * 60 + 59;
        assert_eq!(format_date_time(en, at), "26 November 2026, 14:05 UTC");
        assert_eq!(format_date_time(ja, at), "2026年11月26日 14:05（UTC）");
        assert_eq!(format_date_time(en, -60), "31 December 1969, 23:59 UTC");
    }
}
