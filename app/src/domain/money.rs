//! Money is integer kopecks everywhere, never floating point.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
pub struct Kopecks(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AmountError {
    #[error("Введите сумму")]
    Empty,
    #[error("Сумма в рублях и копейках, например 1 234,56")]
    Format,
    #[error("Сумма должна быть больше нуля")]
    NotPositive,
    #[error("Сумма слишком большая")]
    TooLarge,
}

impl Kopecks {
    /// `1 234,56 ₽` as a Russian receipt writes it (the minus for a credit balance).
    pub fn format_rub(self) -> String {
        let sign = if self.0 < 0 { "−" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{},{:02} ₽", group_thousands(abs / 100), abs % 100)
    }

    /// A sum typed by a customer in rubles: `1234`, `1 234,56`, `1234.5`, `1 234,56 ₽`.
    /// At most `max` kopecks.
    pub fn parse_rubles(raw: &str, max: Kopecks) -> Result<Kopecks, AmountError> {
        let cleaned: String = raw
            .trim()
            .trim_end_matches('₽')
            .trim_end_matches("руб.")
            .trim_end_matches("руб")
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\u{202f}')
            .collect();
        if cleaned.is_empty() {
            return Err(AmountError::Empty);
        }
        let (rubles, kopecks) = match cleaned.split_once([',', '.']) {
            Some((r, k)) => (r, k),
            None => (cleaned.as_str(), ""),
        };
        let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if rubles.is_empty() || !all_digits(rubles) || !all_digits(kopecks) || kopecks.len() > 2 {
            return Err(AmountError::Format);
        }
        if rubles.len() > 12 {
            return Err(AmountError::TooLarge);
        }
        let rubles: i64 = rubles.parse().map_err(|_| AmountError::Format)?;
        let kopecks: i64 = match kopecks.len() {
            0 => 0,
            1 => kopecks.parse::<i64>().map_err(|_| AmountError::Format)? * 10,
            _ => kopecks.parse().map_err(|_| AmountError::Format)?,
        };
        let total = rubles * 100 + kopecks;
        if total <= 0 {
            return Err(AmountError::NotPositive);
        }
        if total > max.0 {
            return Err(AmountError::TooLarge);
        }
        Ok(Kopecks(total))
    }
}

fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAX: Kopecks = Kopecks(100_000_000);

    #[test]
    fn formats_like_a_receipt() {
        assert_eq!(Kopecks(123_456).format_rub(), "1 234,56 ₽");
        assert_eq!(Kopecks(0).format_rub(), "0,00 ₽");
        assert_eq!(Kopecks(5).format_rub(), "0,05 ₽");
        assert_eq!(Kopecks(100_000_000).format_rub(), "1 000 000,00 ₽");
        assert_eq!(Kopecks(-9_900).format_rub(), "−99,00 ₽");
    }

    #[test]
    fn parses_russian_spellings() {
        assert_eq!(Kopecks::parse_rubles("1 234,56", MAX), Ok(Kopecks(123_456)));
        assert_eq!(Kopecks::parse_rubles("1234.56", MAX), Ok(Kopecks(123_456)));
        assert_eq!(Kopecks::parse_rubles("1234", MAX), Ok(Kopecks(123_400)));
        assert_eq!(Kopecks::parse_rubles("12,5", MAX), Ok(Kopecks(1_250)));
        assert_eq!(Kopecks::parse_rubles("1\u{a0}234,56 ₽", MAX), Ok(Kopecks(123_456)));
        assert_eq!(Kopecks::parse_rubles("0,01", MAX), Ok(Kopecks(1)));
    }

    #[test]
    fn refuses_what_is_not_a_sum() {
        assert_eq!(Kopecks::parse_rubles("", MAX), Err(AmountError::Empty));
        assert_eq!(Kopecks::parse_rubles("0", MAX), Err(AmountError::NotPositive));
        assert_eq!(Kopecks::parse_rubles("0,00", MAX), Err(AmountError::NotPositive));
        assert_eq!(Kopecks::parse_rubles("-5", MAX), Err(AmountError::Format));
        assert_eq!(Kopecks::parse_rubles("1,234", MAX), Err(AmountError::Format));
        assert_eq!(Kopecks::parse_rubles("12,3,4", MAX), Err(AmountError::Format));
        assert_eq!(Kopecks::parse_rubles(",50", MAX), Err(AmountError::Format));
        assert_eq!(Kopecks::parse_rubles("1e3", MAX), Err(AmountError::Format));
        assert_eq!(Kopecks::parse_rubles("1 000 001", MAX), Err(AmountError::TooLarge));
        assert_eq!(Kopecks::parse_rubles(&"9".repeat(30), MAX), Err(AmountError::TooLarge));
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
                "[0-9 ,.\\-+e₽руб\u{a0}\u{202f}]{0,40}",
                proptest::collection::vec(any::<char>(), 0..3000).prop_map(String::from_iter),
            ]
        }

        proptest! {
            #[test]
            fn any_sum_parses_within_the_limit_or_is_refused(raw in input(), max in any::<i64>()) {
                if let Ok(k) = Kopecks::parse_rubles(&raw, Kopecks(max)) {
                    prop_assert!(k.0 > 0 && k.0 <= max);
                    prop_assert_eq!(Kopecks::parse_rubles(&k.format_rub(), Kopecks(max)), Ok(k));
                }
            }

            #[test]
            fn a_formatted_sum_parses_back(k in 1i64..=999_999_999_999_99) {
                prop_assert_eq!(Kopecks::parse_rubles(&Kopecks(k).format_rub(), Kopecks(i64::MAX)), Ok(Kopecks(k)));
            }

            #[test]
            fn any_sum_formats(k in any::<i64>()) {
                let shown = Kopecks(k).format_rub();
                prop_assert!(shown.ends_with(" ₽"));
                prop_assert_eq!(shown.starts_with('−'), k < 0);
                let digits: String = shown.chars().filter(char::is_ascii_digit).collect();
                let abs = k.unsigned_abs().to_string();
                prop_assert_eq!(digits.trim_start_matches('0'), abs.trim_start_matches('0'));
            }

            #[test]
            fn rubles_and_kopecks_typed_apart(rubles in 0i64..1_000_000_000_000, kopecks in 0i64..100, dot in prop::bool::ANY) {
                let raw = format!("{rubles}{}{kopecks:02}", if dot { '.' } else { ',' });
                let expected = rubles * 100 + kopecks;
                let parsed = Kopecks::parse_rubles(&raw, Kopecks(i64::MAX));
                if expected == 0 {
                    prop_assert_eq!(parsed, Err(AmountError::NotPositive));
                } else {
                    prop_assert_eq!(parsed, Ok(Kopecks(expected)));
                }
            }
        }
    }
}
