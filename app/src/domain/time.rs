//! Times shown to customers: Moscow time (UTC+3, no daylight saving since 2014), the zone
//! every Russian gas receipt uses, so browser and server print the same text.

const MSK_OFFSET: i64 = 3 * 3600;

/// `14:05 (МСК)`
pub fn format_time_msk(unix: i64) -> String {
    let minutes = (unix + MSK_OFFSET).rem_euclid(86_400) / 60;
    format!("{:02}:{:02} (МСК)", minutes / 60, minutes % 60)
}

/// `27.11.2026 14:05 (МСК)`
pub fn format_datetime_msk(unix: i64) -> String {
    let local = unix + MSK_OFFSET;
    let (y, m, d) = civil_from_days(local.div_euclid(86_400));
    format!("{d:02}.{m:02}.{y:04} {}", format_time_msk(unix))
}

/// `(year, month, day)` in Moscow for a Unix time.
pub fn date_msk(unix: i64) -> (i64, u32, u32) {
    civil_from_days((unix + MSK_OFFSET).div_euclid(86_400))
}

/// `2026-11-20T12:00:00+03:00`: machine-readable, still Moscow time.
pub fn format_iso_msk(unix: i64) -> String {
    let local = unix + MSK_OFFSET;
    let (y, m, d) = civil_from_days(local.div_euclid(86_400));
    let secs = local.rem_euclid(86_400);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}+03:00", secs / 3600, secs / 60 % 60, secs % 60)
}

/// `YYYY-MM-DD` → the Unix time of that day's start in Moscow; `None` for anything else.
pub fn parse_date_msk(s: &str) -> Option<i64> {
    let mut parts = s.trim().splitn(3, '-');
    let y: i64 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let d: u32 = parts.next()?.parse().ok()?;
    let days = days_from_civil(y, m, d);
    // Round-tripping rejects 2026-02-30 and the like.
    (civil_from_days(days) == (y, m, d)).then_some(days * 86_400 - MSK_OFFSET)
}

/// `YYYY-MM-DD` → its day number ([`day_number`]); `None` for anything else.
pub fn parse_day(s: &str) -> Option<i64> {
    parse_date_msk(s).map(|unix| (unix + MSK_OFFSET).div_euclid(86_400))
}

/// Days since 1970-01-01 of a date: the difference of two is the days between them.
pub fn day_number((y, m, d): (i64, u32, u32)) -> i64 {
    days_from_civil(y, m, d)
}

/// The date of a day number ([`day_number`]'s inverse).
pub fn date_of_day(number: i64) -> (i64, u32, u32) {
    civil_from_days(number)
}

/// Days in a month of the Gregorian calendar.
pub fn days_in_month(y: i64, m: u32) -> u32 {
    let next = if m == 12 { days_from_civil(y + 1, 1, 1) } else { days_from_civil(y, m + 1, 1) };
    (next - days_from_civil(y, m, 1)) as u32
}

/// `25 ноября`: a date as a Russian sentence says it.
pub fn format_day_month((_, m, d): (i64, u32, u32)) -> String {
    const MONTHS: [&str; 12] = [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ];
    format!("{d} {}", MONTHS[(m.clamp(1, 12) - 1) as usize])
}

/// `2026-10` → `Октябрь 2026`
pub fn month_name(period: &str) -> String {
    const MONTHS: [&str; 12] = [
        "Январь",
        "Февраль",
        "Март",
        "Апрель",
        "Май",
        "Июнь",
        "Июль",
        "Август",
        "Сентябрь",
        "Октябрь",
        "Ноябрь",
        "Декабрь",
    ];
    match period.split_once('-').and_then(|(y, m)| Some((y, m.parse::<usize>().ok()?))) {
        Some((y, m)) if (1..=12).contains(&m) => format!("{} {y}", MONTHS[m - 1]),
        _ => period.to_owned(),
    }
}

/// Quiet hours, 22:00 to 08:00 Moscow time: no push or SMS wakes a customer. `Some(when)`
/// they end (08:00 МСК), while they last at `unix`; `None` outside them.
pub fn quiet_hours_end(unix: i64) -> Option<i64> {
    const FROM: i64 = 22 * 3600;
    const UNTIL: i64 = 8 * 3600;
    let local = unix + MSK_OFFSET;
    let midnight = local.div_euclid(86_400) * 86_400;
    let since_midnight = local - midnight;
    let end_local = if since_midnight >= FROM {
        midnight + 86_400 + UNTIL
    } else if since_midnight < UNTIL {
        midnight + UNTIL
    } else {
        return None;
    };
    Some(end_local - MSK_OFFSET)
}

fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 } as i64;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moscow_wall_clock() {
        // 2026-11-26 02:54:58 UTC is 05:54 in Moscow.
        assert_eq!(format_time_msk(1_795_661_698), "05:54 (МСК)");
        assert_eq!(format_datetime_msk(1_795_661_698), "26.11.2026 05:54 (МСК)");
        // 21:30 UTC on 31 Dec is already the new year in Moscow.
        assert_eq!(format_datetime_msk(1_798_752_600), "01.01.2027 00:30 (МСК)");
        assert_eq!(date_msk(0), (1970, 1, 1));
        assert_eq!(date_msk(951_782_400), (2000, 2, 29));
    }

    #[test]
    fn dates_parse_to_moscow_midnight() {
        assert_eq!(parse_date_msk("2026-11-26"), Some(1_795_640_400));
        assert_eq!(format_iso_msk(1_795_640_400), "2026-11-26T00:00:00+03:00");
        assert_eq!(format_iso_msk(1_795_661_698), "2026-11-26T05:54:58+03:00");
        assert_eq!(parse_date_msk("2026-02-30"), None);
        assert_eq!(parse_date_msk("2026-13-01"), None);
        assert_eq!(parse_date_msk("yesterday"), None);
        assert_eq!(parse_date_msk("2000-02-29").map(date_msk), Some((2000, 2, 29)));
    }

    #[test]
    fn calendar_helpers() {
        assert_eq!(day_number((2026, 11, 25)) - day_number((2026, 11, 15)), 10);
        assert_eq!(day_number((2027, 1, 2)) - day_number((2026, 12, 31)), 2);
        assert_eq!(parse_day("2026-11-25"), Some(day_number((2026, 11, 25))));
        assert_eq!(parse_day("2026-11-31"), None);
        assert_eq!(days_in_month(2026, 11), 30);
        assert_eq!(days_in_month(2026, 12), 31);
        assert_eq!(days_in_month(2028, 2), 29);
        assert_eq!(days_in_month(2100, 2), 28);
        assert_eq!(format_day_month((2026, 11, 25)), "25 ноября");
        assert_eq!(format_day_month((2026, 3, 1)), "1 марта");
    }

    #[test]
    fn quiet_hours_are_22_to_8_in_moscow() {
        let day = parse_date_msk("2026-11-15").unwrap();
        let hour = 3600;
        assert_eq!(quiet_hours_end(day + 8 * hour), None);
        assert_eq!(quiet_hours_end(day + 12 * hour), None);
        assert_eq!(quiet_hours_end(day + 22 * hour - 1), None);
        // From 22:00 on, the message waits for 08:00 the next morning …
        assert_eq!(quiet_hours_end(day + 22 * hour), Some(day + 32 * hour));
        assert_eq!(quiet_hours_end(day + 23 * hour + 59 * 60), Some(day + 32 * hour));
        // … and after midnight, for 08:00 the same morning.
        assert_eq!(quiet_hours_end(day), Some(day + 8 * hour));
        assert_eq!(quiet_hours_end(day + 8 * hour - 1), Some(day + 8 * hour));
        assert_eq!(format_datetime_msk(quiet_hours_end(day + 23 * hour).unwrap()), "16.11.2026 08:00 (МСК)");
    }
}
