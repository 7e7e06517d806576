//! Meter readings: whole m³, never below the last accepted reading, not absurdly above it,
//! and only inside the provider's window of days of the month.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ReadingError {
    #[error("Введите показания счётчика")]
    Empty,
    #[error("Показания — целое число кубометров, только цифры")]
    Format,
    #[error("На этом счётчике не больше {0} цифр")]
    TooManyDigits(u32),
    #[error("Показания не могут быть меньше последних принятых: {0} м³")]
    BelowLast(i64),
    #[error(
        "Показания больше последних принятых на {jump} м³ — так много за месяц не бывает. Проверьте цифры (последние принятые: {last} м³)"
    )]
    TooHigh { last: i64, jump: i64 },
}

/// A reading as typed: `01534`, `1 534`. Meters show leading zeros; they mean nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Reading(i64);

impl Reading {
    /// `digits`: how many drums the meter has (a 5-digit meter reads at most 99 999).
    pub fn parse(raw: &str, digits: u32) -> Result<Reading, ReadingError> {
        let compact: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        if compact.is_empty() {
            return Err(ReadingError::Empty);
        }
        if !compact.chars().all(|c| c.is_ascii_digit()) {
            return Err(ReadingError::Format);
        }
        let significant = compact.trim_start_matches('0');
        if significant.len() > digits as usize || significant.len() > 15 {
            return Err(ReadingError::TooManyDigits(digits));
        }
        Ok(Reading(significant.parse().unwrap_or(0)))
    }

    /// Checks the new reading against the last accepted one.
    pub fn check_against(self, last: Option<i64>, max_jump: i64) -> Result<Reading, ReadingError> {
        if let Some(last) = last {
            if self.0 < last {
                return Err(ReadingError::BelowLast(last));
            }
            // A `last` far below zero (a corrupt row) must not overflow: a jump too big for
            // an `i64` is too high for any `max_jump`.
            match self.0.checked_sub(last) {
                Some(jump) if jump <= max_jump => {}
                jump => return Err(ReadingError::TooHigh { last, jump: jump.unwrap_or(i64::MAX) }),
            }
        }
        Ok(self)
    }

    pub fn value(self) -> i64 {
        self.0
    }
}

/// Days of the month readings are accepted, both ends included (`15..=25`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadingWindow {
    pub from_day: u32,
    pub to_day: u32,
}

impl ReadingWindow {
    pub fn is_open(self, day: u32) -> bool {
        if self.from_day <= self.to_day {
            (self.from_day..=self.to_day).contains(&day)
        } else {
            // A window across the month's end, e.g. 25th to 5th.
            day >= self.from_day || day <= self.to_day
        }
    }

    /// `Приём показаний с 15 по 25 число`
    pub fn describe(self) -> String {
        format!("Приём показаний с {} по {} число", self.from_day, self.to_day)
    }

    /// The date the window next opens, seen on `(year, month, day)` while it is closed.
    pub fn next_opening(self, (year, month, day): (i64, u32, u32)) -> (i64, u32, u32) {
        if day < self.from_day {
            (year, month, self.from_day)
        } else if month == 12 {
            (year + 1, 1, self.from_day)
        } else {
            (year, month + 1, self.from_day)
        }
    }

    /// The last day of the window that is open on `today` (a window across the month's end
    /// closes in the next month). Days past the month's end count as its last day.
    pub fn closes_on(self, (year, month, day): (i64, u32, u32)) -> (i64, u32, u32) {
        let (y, m) = if self.from_day > self.to_day && day >= self.from_day {
            if month == 12 { (year + 1, 1) } else { (year, month + 1) }
        } else {
            (year, month)
        };
        (y, m, self.to_day.min(super::time::days_in_month(y, m)))
    }

    /// What to remind a customer who has given no reading for this period of, on `today`:
    /// that the window is open, or, in its last `CLOSING_SOON_DAYS`, that it closes soon.
    pub fn reminder(self, today: (i64, u32, u32)) -> Option<WindowReminder> {
        if !self.is_open(today.2) {
            return None;
        }
        let closes_on = self.closes_on(today);
        let days_left = super::time::day_number(closes_on) - super::time::day_number(today);
        let kind = if days_left <= CLOSING_SOON_DAYS {
            WindowReminderKind::ClosingSoon
        } else {
            WindowReminderKind::Opened
        };
        Some(WindowReminder { kind, period: period_of(today), closes_on, days_left })
    }

    /// What the form says while the window is closed.
    pub fn closed_message(self, today: (i64, u32, u32)) -> String {
        let (y, m, d) = self.next_opening(today);
        format!("{}. Передать показания можно будет с {d:02}.{m:02}.{y}.", self.describe())
    }
}

/// The closing reminder comes this many days before the window's last day (and on the days
/// after, for a customer who binds the account then).
pub const CLOSING_SOON_DAYS: i64 = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowReminderKind {
    Opened,
    ClosingSoon,
}

/// A reminder of the readings window, as `ReadingWindow::reminder` decides it for one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WindowReminder {
    pub kind: WindowReminderKind,
    /// The period a reading given now belongs to (`period_of`).
    pub period: String,
    pub closes_on: (i64, u32, u32),
    pub days_left: i64,
}

impl WindowReminder {
    /// `Передайте показания до 25 ноября`, or, closing soon, `Осталось 2 дня: …`.
    pub fn title(&self) -> String {
        let until = format!("Передайте показания до {}", super::time::format_day_month(self.closes_on));
        match (self.kind, self.days_left) {
            (WindowReminderKind::Opened, _) => until,
            (WindowReminderKind::ClosingSoon, 0) => {
                format!("Сегодня последний день: {}", lower_first(&until))
            }
            (WindowReminderKind::ClosingSoon, 1) => format!("Остался 1 день: {}", lower_first(&until)),
            (WindowReminderKind::ClosingSoon, n) => format!("Осталось {n} дня: {}", lower_first(&until)),
        }
    }

    /// The text around the account number: `(before, after)`. The scheduler writes a whole
    /// provider's notices in one statement, so the number goes in between there.
    pub fn body_around_number(&self, provider: &str) -> (String, String) {
        (
            "Открыт приём показаний счётчика газа по лицевому счёту ".to_owned(),
            format!(
                " ({provider}). Передайте их до {} включительно: показания, переданные позже, \
                 учтут по среднему потреблению, а затем по нормативу.",
                super::time::format_day_month(self.closes_on)
            ),
        )
    }
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_lowercase().chain(chars).collect()).unwrap_or_default()
}

/// The billing period a reading taken on `(year, month, _)` belongs to: `YYYY-MM`.
pub fn period_of((year, month, _): (i64, u32, u32)) -> String {
    format!("{year:04}-{month:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_reminds_when_open_and_again_before_it_closes() {
        let window = ReadingWindow { from_day: 15, to_day: 25 };
        assert_eq!(window.reminder((2026, 11, 14)), None);
        assert_eq!(window.reminder((2026, 11, 26)), None);
        let opened = window.reminder((2026, 11, 15)).unwrap();
        assert_eq!(opened.kind, WindowReminderKind::Opened);
        assert_eq!(opened.period, "2026-11");
        assert_eq!(opened.closes_on, (2026, 11, 25));
        assert_eq!(opened.title(), "Передайте показания до 25 ноября");
        assert_eq!(window.reminder((2026, 11, 22)).unwrap().kind, WindowReminderKind::Opened);
        let closing = window.reminder((2026, 11, 23)).unwrap();
        assert_eq!(closing.kind, WindowReminderKind::ClosingSoon);
        assert_eq!(closing.title(), "Осталось 2 дня: передайте показания до 25 ноября");
        assert_eq!(
            window.reminder((2026, 11, 24)).unwrap().title(),
            "Остался 1 день: передайте показания до 25 ноября"
        );
        assert_eq!(
            window.reminder((2026, 11, 25)).unwrap().title(),
            "Сегодня последний день: передайте показания до 25 ноября"
        );
        let (before, after) = opened.body_around_number("Газ-Сервис");
        assert_eq!(
            format!("{before}023-185952{after}"),
            "Открыт приём показаний счётчика газа по лицевому счёту 023-185952 (Газ-Сервис). \
             Передайте их до 25 ноября включительно: показания, переданные позже, учтут по среднему \
             потреблению, а затем по нормативу."
        );
    }

    #[test]
    fn a_window_across_the_months_end_closes_next_month() {
        let window = ReadingWindow { from_day: 25, to_day: 5 };
        let december = window.reminder((2026, 12, 26)).unwrap();
        assert_eq!(december.closes_on, (2027, 1, 5));
        assert_eq!(december.kind, WindowReminderKind::Opened);
        assert_eq!(window.reminder((2027, 1, 4)).unwrap().kind, WindowReminderKind::ClosingSoon);
        // A window "to the 31st" ends with a shorter month.
        let to_31 = ReadingWindow { from_day: 20, to_day: 31 };
        assert_eq!(to_31.reminder((2026, 11, 28)).unwrap().closes_on, (2026, 11, 30));
        assert_eq!(to_31.reminder((2026, 11, 28)).unwrap().kind, WindowReminderKind::ClosingSoon);
    }

    #[test]
    fn readings_are_whole_cubic_metres_within_the_meter() {
        assert_eq!(Reading::parse("01534", 5), Ok(Reading(1534)));
        assert_eq!(Reading::parse(" 1 534 ", 5), Ok(Reading(1534)));
        assert_eq!(Reading::parse("0", 5), Ok(Reading(0)));
        assert_eq!(Reading::parse("", 5), Err(ReadingError::Empty));
        assert_eq!(Reading::parse("1534,5", 5), Err(ReadingError::Format));
        assert_eq!(Reading::parse("-5", 5), Err(ReadingError::Format));
        assert_eq!(Reading::parse("123456", 5), Err(ReadingError::TooManyDigits(5)));
        assert_eq!(Reading::parse(&"9".repeat(40), 99), Err(ReadingError::TooManyDigits(99)));
    }

    #[test]
    fn not_below_the_last_and_not_absurdly_above() {
        let r = Reading::parse("1600", 5).unwrap();
        assert_eq!(r.check_against(Some(1520), 1000), Ok(r));
        assert_eq!(r.check_against(None, 1000), Ok(r));
        assert_eq!(Reading(1519).check_against(Some(1520), 1000), Err(ReadingError::BelowLast(1520)));
        assert_eq!(Reading(1520).check_against(Some(1520), 1000), Ok(Reading(1520)));
        assert_eq!(
            Reading(2521).check_against(Some(1520), 1000),
            Err(ReadingError::TooHigh { last: 1520, jump: 1001 })
        );
    }

    #[test]
    fn the_window_and_when_it_opens() {
        let w = ReadingWindow { from_day: 15, to_day: 25 };
        assert!(!w.is_open(14) && w.is_open(15) && w.is_open(25) && !w.is_open(26));
        assert_eq!(w.describe(), "Приём показаний с 15 по 25 число");
        assert_eq!(w.next_opening((2026, 11, 3)), (2026, 11, 15));
        assert_eq!(w.next_opening((2026, 11, 26)), (2026, 12, 15));
        assert_eq!(w.next_opening((2026, 12, 30)), (2027, 1, 15));
        assert_eq!(
            w.closed_message((2026, 11, 26)),
            "Приём показаний с 15 по 25 число. Передать показания можно будет с 15.12.2026."
        );
        let across = ReadingWindow { from_day: 25, to_day: 5 };
        assert!(across.is_open(28) && across.is_open(3) && !across.is_open(10));
        assert_eq!(period_of((2026, 3, 15)), "2026-03");
    }

    /// Property tests (`proptest`): bad input never panics, and what parses round-trips.
    /// `scripts/fuzz.sh` runs them with a million cases each.
    mod proptests {
        use super::*;
        use proptest::prelude::*;

        /// Any Unicode, very long strings, and mixes of the characters this parser reads.
        fn input() -> impl Strategy<Value = String> {
            prop_oneof![
                any::<String>(),
                "[0-9 ,.\\-+a-z０-９]{0,40}",
                proptest::collection::vec(any::<char>(), 0..3000).prop_map(String::from_iter),
            ]
        }

        proptest! {
            #[test]
            fn any_reading_for_any_meter_is_a_number_it_can_show_or_refused(raw in input(), digits in any::<u32>()) {
                if let Ok(r) = Reading::parse(&raw, digits) {
                    prop_assert!(r.value() >= 0);
                    let shown = r.value().to_string();
                    prop_assert!(r.value() == 0 || shown.len() <= digits as usize);
                    prop_assert_eq!(Reading::parse(&shown, digits), Ok(r));
                }
            }

            #[test]
            fn a_reading_with_leading_zeros_and_spaces_parses_to_its_value(digits in 1u32..=15, value in 0i64..1_000_000_000_000_000, zeros in 0usize..5) {
                let value = value % 10i64.pow(digits);
                let raw = format!(" {}{} ", "0".repeat(zeros), value);
                prop_assert_eq!(Reading::parse(&raw, digits), Ok(Reading(value)));
                prop_assert_eq!(Reading::parse(&format!("{value}0"), digits).is_ok(), (value * 10).to_string().len() <= digits as usize || value == 0);
            }

            #[test]
            fn a_reading_checked_against_any_last_one_never_panics(
                value in 0i64..1_000_000_000_000_000,
                last in prop::option::of(prop_oneof![any::<i64>(), Just(i64::MIN), i64::MIN..i64::MIN / 2, -2000i64..2000]),
                max_jump in prop_oneof![any::<i64>(), Just(i64::MAX), 0i64..2000],
            ) {
                match (Reading(value).check_against(last, max_jump), last) {
                    (Ok(r), None) => prop_assert_eq!(r, Reading(value)),
                    (Ok(r), Some(last)) => {
                        prop_assert_eq!(r, Reading(value));
                        prop_assert!(value >= last && (value as i128 - last as i128) <= max_jump as i128);
                    }
                    (Err(ReadingError::BelowLast(l)), Some(last)) => prop_assert!(l == last && value < last),
                    (Err(ReadingError::TooHigh { last: l, .. }), Some(last)) => {
                        prop_assert!(l == last && (value as i128 - last as i128) > max_jump as i128);
                    }
                    (other, _) => prop_assert!(false, "{:?}", other),
                }
            }
        }
    }
}
