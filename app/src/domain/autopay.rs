//! Autopay's rules, shared by the form in the browser and the server: the day of the month
//! a customer chooses, the cap, what is charged, and what the calendar asks for today.

use super::Kopecks;
use super::time::{date_of_day, day_number};
use serde::{Deserialize, Serialize};

/// The day of the month autopay pays on: 1–28, so that every month has it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayDay(u32);

impl PayDay {
    pub const LAST: u32 = 28;

    pub fn parse(raw: &str) -> Result<PayDay, &'static str> {
        match raw.trim().parse::<u32>() {
            Ok(day) if (1..=Self::LAST).contains(&day) => Ok(PayDay(day)),
            Ok(_) => Err("Выберите день с 1 по 28 — он есть в каждом месяце"),
            Err(_) => Err("Выберите день месяца"),
        }
    }

    pub fn from_db(day: i64) -> Option<PayDay> {
        u32::try_from(day).ok().filter(|d| (1..=Self::LAST).contains(d)).map(PayDay)
    }

    pub fn get(self) -> u32 {
        self.0
    }
}

/// The largest sum one autopay charge may take, chosen by the customer: a debt above it is
/// paid up to it, the rest is left to pay by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cap(Kopecks);

impl Cap {
    /// A sum in rubles as typed (`5 000`, `4 999,99`), at most `max` (what one payment may carry).
    pub fn parse(raw: &str, max: Kopecks) -> Result<Cap, super::AmountError> {
        Kopecks::parse_rubles(raw, max).map(Cap)
    }

    pub fn from_db(kopecks: i64) -> Cap {
        Cap(Kopecks(kopecks))
    }

    pub fn get(self) -> Kopecks {
        self.0
    }

    /// What autopay charges for `debt`: all of it up to the cap; nothing without a debt.
    pub fn charge_for(self, debt: Kopecks) -> Option<Kopecks> {
        (debt.0 > 0).then(|| Kopecks(debt.0.min(self.0.0)))
    }
}

/// What autopay does on a date for a pay day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The day before: tell the customer what will be charged, so they can skip it.
    Notice,
    /// The pay day: the first attempt.
    Charge,
    /// The day after: the second and last attempt, if the first failed.
    Retry,
}

/// What `date` (Moscow) asks of autopay on `day`; `None` on most days of the month. The
/// notice for the 1st comes on the last day of the month before; a retry after the 28th on
/// the 29th (or the 1st of March).
pub fn step_on(date: (i64, u32, u32), day: PayDay) -> Option<Step> {
    let shifted = |by: i64| date_of_day(day_number(date) + by).2;
    if date.2 == day.0 {
        Some(Step::Charge)
    } else if shifted(1) == day.0 {
        Some(Step::Notice)
    } else if shifted(-1) == day.0 {
        Some(Step::Retry)
    } else {
        None
    }
}

/// What the customer reads before the card is saved: what they agree to and how to stop it.
pub const CONSENT_TEXT: &str = "Я поручаю порталу «Мой ГАЗ» ежемесячно в выбранный день списывать с сохранённой карты задолженность по этому лицевому счёту, но не больше указанной суммы, с чеком по 54-ФЗ. За день до списания придёт уведомление, и списание этого месяца можно пропустить. Автоплатёж отключается в любой момент на этой странице: данные для списания удаляются сразу.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pay_day_is_one_to_twenty_eight() {
        assert_eq!(PayDay::parse(" 10 ").map(PayDay::get), Ok(10));
        assert_eq!(PayDay::parse("28").map(PayDay::get), Ok(28));
        assert!(PayDay::parse("29").is_err());
        assert!(PayDay::parse("0").is_err());
        assert!(PayDay::parse("").is_err());
        assert!(PayDay::parse("десятое").is_err());
        assert_eq!(PayDay::from_db(31), None);
    }

    #[test]
    fn the_cap_limits_the_charge() {
        let cap = Cap::parse("1 000", Kopecks(1_000_000)).unwrap();
        assert_eq!(cap.charge_for(Kopecks(123_456)), Some(Kopecks(100_000)));
        assert_eq!(cap.charge_for(Kopecks(50_000)), Some(Kopecks(50_000)));
        assert_eq!(cap.charge_for(Kopecks(0)), None);
        assert_eq!(cap.charge_for(Kopecks(-500)), None);
        assert!(Cap::parse("20 000", Kopecks(1_000_000)).is_err());
        assert!(Cap::parse("0", Kopecks(1_000_000)).is_err());
    }

    #[test]
    fn the_calendar_asks_for_a_notice_a_charge_and_a_retry() {
        let ten = PayDay::parse("10").unwrap();
        assert_eq!(step_on((2026, 12, 9), ten), Some(Step::Notice));
        assert_eq!(step_on((2026, 12, 10), ten), Some(Step::Charge));
        assert_eq!(step_on((2026, 12, 11), ten), Some(Step::Retry));
        assert_eq!(step_on((2026, 12, 12), ten), None);
        assert_eq!(step_on((2026, 12, 1), ten), None);
        let first = PayDay::parse("1").unwrap();
        assert_eq!(step_on((2026, 11, 30), first), Some(Step::Notice));
        assert_eq!(step_on((2026, 12, 31), first), Some(Step::Notice));
        assert_eq!(step_on((2027, 1, 2), first), Some(Step::Retry));
        let last = PayDay::parse("28").unwrap();
        assert_eq!(step_on((2027, 3, 1), last), Some(Step::Retry), "after 28 February");
        assert_eq!(step_on((2028, 2, 29), last), Some(Step::Retry), "a leap year");
        assert_eq!(step_on((2026, 12, 29), last), Some(Step::Retry));
    }
}
