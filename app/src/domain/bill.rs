//! When a month's charge is due, and what the portal tells a customer about it: that it was
//! charged, and, while a debt remains, that the due date is near.

use super::money::Kopecks;
use super::time::{day_number, format_day_month};

/// A month's charge is paid by the 10th of the next month (Жилищный кодекс РФ, ст. 155
/// ч. 1: «до десятого числа месяца, следующего за истекшим месяцем»).
pub const DUE_DAY: u32 = 10;

/// The reminder to pay comes this many days before the due date (and up to it).
pub const DUE_REMINDER_DAYS: i64 = 3;

/// A billing month, `YYYY-MM` as the charges store it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Period {
    pub year: i64,
    pub month: u32,
}

impl Period {
    pub fn parse(s: &str) -> Option<Period> {
        let (y, m) = s.split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        let (year, month) = (y.parse().ok()?, m.parse().ok()?);
        (1..=12).contains(&month).then_some(Period { year, month })
    }

    /// The month a payment counts in: the one of the day it was made (`YYYY-MM-DD`, as
    /// billing sends it); `None` for anything but such a day. The history's statement
    /// (`accounts::repo::history`) applies the same rule in SQL, as a range of days.
    pub fn of_day(day: &str) -> Option<Period> {
        super::time::parse_day(day).map(|number| Period::of(super::time::date_of_day(number)))
    }

    /// The month a date falls in.
    pub fn of((year, month, _): (i64, u32, u32)) -> Period {
        Period { year, month }
    }

    pub fn previous(self) -> Period {
        if self.month == 1 {
            Period { year: self.year - 1, month: 12 }
        } else {
            Period { year: self.year, month: self.month - 1 }
        }
    }

    pub fn next(self) -> Period {
        if self.month == 12 {
            Period { year: self.year + 1, month: 1 }
        } else {
            Period { year: self.year, month: self.month + 1 }
        }
    }

    /// The last day to pay this month's charge.
    pub fn due_on(self) -> (i64, u32, u32) {
        let next = self.next();
        (next.year, next.month, DUE_DAY)
    }

    /// `ноябрь 2026`
    pub fn label(self) -> String {
        super::time::month_name(&self.to_string()).to_lowercase()
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// The months whose charges are news on `today`: those that can still be paid in time (the
/// current month, which billing may charge early, and the last one until its due date). A
/// charge imported for an older month is history, not a notice.
pub fn fresh_periods(today: (i64, u32, u32)) -> Vec<Period> {
    let current = Period::of(today);
    let last = current.previous();
    if today.2 <= DUE_DAY { vec![last, current] } else { vec![current] }
}

/// The month whose due date is `DUE_REMINDER_DAYS` or fewer days ahead on `today` (or is
/// today), with the days left; `None` on the other days.
pub fn due_soon(today: (i64, u32, u32)) -> Option<(Period, i64)> {
    let period = Period::of(today).previous();
    let days_left = day_number(period.due_on()) - day_number(today);
    (0..=DUE_REMINDER_DAYS).contains(&days_left).then_some((period, days_left))
}

/// What a charge notice says.
pub struct ChargeNotice {
    pub title: String,
    pub body: String,
}

/// `Начислено за ноябрь 2026: 1 234,56 ₽`, with the volume and the due date in the text.
pub fn charge_notice(
    period: Period,
    amount: Kopecks,
    consumption_m3: i64,
    account: &str,
    provider: &str,
) -> ChargeNotice {
    let volume = if consumption_m3 > 0 { format!(" (газ: {consumption_m3} м³)") } else { String::new() };
    ChargeNotice {
        title: format!("Начислено за {}: {}", period.label(), amount.format_rub()),
        body: format!(
            "По лицевому счёту {account} ({provider}) за {} начислено {}{volume}. Оплатите до {} включительно.",
            period.label(),
            amount.format_rub(),
            format_day_month(period.due_on()),
        ),
    }
}

/// `Оплатите до 10 декабря: 1 234,56 ₽`, while the account owes `debt`.
pub fn due_notice(
    period: Period,
    days_left: i64,
    debt: Kopecks,
    account: &str,
    provider: &str,
) -> ChargeNotice {
    let due = format_day_month(period.due_on());
    let when = match days_left {
        0 => "Сегодня последний день оплаты".to_owned(),
        1 => "Остался 1 день".to_owned(),
        n => format!("Осталось {n} дня"),
    };
    ChargeNotice {
        title: format!("Оплатите до {due}: {}", debt.format_rub()),
        body: format!(
            "{when}: задолженность по лицевому счёту {account} ({provider}) — {}. Начисление за {} \
             нужно оплатить до {due} включительно, после этого срока начисляются пени.",
            debt.format_rub(),
            period.label(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_parse_and_step_across_the_year() {
        let nov = Period::parse("2026-11").unwrap();
        assert_eq!(nov.to_string(), "2026-11");
        assert_eq!(nov.next().next().to_string(), "2027-01");
        assert_eq!(Period::parse("2026-01").unwrap().previous().to_string(), "2025-12");
        for bad in ["2026-13", "2026-00", "2026-1", "26-11", "2026/11", "", "abcd-ef"] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
        assert_eq!(nov.label(), "ноябрь 2026");
    }

    #[test]
    fn a_payment_counts_in_the_month_of_its_day() {
        assert_eq!(Period::of_day("2026-11-30"), Period::parse("2026-11"));
        assert_eq!(Period::of_day("2026-12-01"), Period::parse("2026-12"));
        for bad in ["2026-11", "2026-11-31", "2026-02-29", "30.11.2026", "2026-11-30x", ""] {
            assert_eq!(Period::of_day(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_charge_is_due_on_the_tenth_of_the_next_month() {
        assert_eq!(Period::parse("2026-11").unwrap().due_on(), (2026, 12, 10));
        assert_eq!(Period::parse("2026-12").unwrap().due_on(), (2027, 1, 10));
    }

    #[test]
    fn last_months_charge_is_news_until_its_due_date() {
        let p = |s| Period::parse(s).unwrap();
        assert_eq!(fresh_periods((2026, 12, 1)), vec![p("2026-11"), p("2026-12")]);
        assert_eq!(fresh_periods((2026, 12, 10)), vec![p("2026-11"), p("2026-12")]);
        assert_eq!(fresh_periods((2026, 12, 11)), vec![p("2026-12")]);
        assert_eq!(fresh_periods((2027, 1, 3)), vec![p("2026-12"), p("2027-01")]);
    }

    #[test]
    fn the_reminder_to_pay_comes_in_the_last_three_days() {
        let nov = Period::parse("2026-11").unwrap();
        assert_eq!(due_soon((2026, 12, 6)), None);
        assert_eq!(due_soon((2026, 12, 7)), Some((nov, 3)));
        assert_eq!(due_soon((2026, 12, 10)), Some((nov, 0)));
        assert_eq!(due_soon((2026, 12, 11)), None);
        assert_eq!(due_soon((2027, 1, 9)), Some((Period::parse("2026-12").unwrap(), 1)));
    }

    #[test]
    fn notices_say_amount_period_and_due_date() {
        let nov = Period::parse("2026-11").unwrap();
        let charged = charge_notice(nov, Kopecks(123_456), 145, "023-185952", "Газ");
        assert_eq!(charged.title, "Начислено за ноябрь 2026: 1 234,56 ₽");
        assert_eq!(
            charged.body,
            "По лицевому счёту 023-185952 (Газ) за ноябрь 2026 начислено 1 234,56 ₽ (газ: 145 м³). \
             Оплатите до 10 декабря включительно."
        );
        assert!(!charge_notice(nov, Kopecks(100), 0, "1", "Газ").body.contains("м³"));
        let due = due_notice(nov, 2, Kopecks(50_000), "023-185952", "Газ");
        assert_eq!(due.title, "Оплатите до 10 декабря: 500,00 ₽");
        assert!(
            due.body
                .starts_with("Осталось 2 дня: задолженность по лицевому счёту 023-185952 (Газ) — 500,00 ₽.")
        );
        assert!(due_notice(nov, 0, Kopecks(1), "1", "Газ").body.starts_with("Сегодня последний день оплаты"));
    }
}
