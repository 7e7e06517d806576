//! Reading typed values out of a record. Each function names the column in its message,
//! so a report line reads «строка 7, столбец debt_kopecks: …».

use super::source::Fields;
use app::domain::AccountNumber;
use app::domain::tariff::GasUse;

pub type FieldResult<T> = Result<T, String>;

fn bad(f: &Fields, column: usize, why: impl std::fmt::Display) -> String {
    format!("столбец {}: {why}", f.name(column))
}

/// A required text of at most `max` characters.
pub fn text<'a>(f: &Fields<'a>, column: usize, max: usize) -> FieldResult<&'a str> {
    let v = f.get(column);
    if v.is_empty() {
        return Err(bad(f, column, "пусто, а значение обязательно"));
    }
    if v.chars().count() > max {
        return Err(bad(f, column, format!("длиннее {max} символов")));
    }
    Ok(v)
}

/// An optional text: `None` when empty.
pub fn opt_text<'a>(f: &Fields<'a>, column: usize, max: usize) -> FieldResult<Option<&'a str>> {
    if f.get(column).is_empty() { Ok(None) } else { text(f, column, max).map(Some) }
}

/// A whole number (an optional minus and up to 15 digits: no spaces, no decimal point, so
/// kopecks are never confused with rubles) within `min..=max`.
pub fn int(f: &Fields, column: usize, min: i64, max: i64) -> FieldResult<i64> {
    let v = f.get(column);
    if v.is_empty() {
        return Err(bad(f, column, "пусто, а значение обязательно"));
    }
    let digits = v.strip_prefix('-').unwrap_or(v);
    if digits.is_empty() || digits.len() > 15 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad(f, column, format!("«{v}» — не целое число (копейки пишутся целым числом: 123456)")));
    }
    let n: i64 = v.parse().map_err(|_| bad(f, column, format!("«{v}» — не целое число")))?;
    if !(min..=max).contains(&n) {
        return Err(bad(f, column, format!("{n} вне допустимых пределов {min}…{max}")));
    }
    Ok(n)
}

pub fn opt_int(f: &Fields, column: usize, min: i64, max: i64) -> FieldResult<Option<i64>> {
    if f.get(column).is_empty() { Ok(None) } else { int(f, column, min, max).map(Some) }
}

/// Sums up to a hundred billion rubles either way, in kopecks.
pub const MAX_KOPECKS: i64 = 10_000_000_000_000;

/// A billing month `YYYY-MM`, returned as written (it is stored as text and sorts as text).
pub fn period<'a>(f: &Fields<'a>, column: usize) -> FieldResult<&'a str> {
    let v = f.get(column);
    let ok = v.len() == 7
        && v.is_ascii()
        && v.as_bytes()[4] == b'-'
        && year_ok(&v[..4])
        && v[5..].parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
        && v[5..].bytes().all(|b| b.is_ascii_digit());
    if ok {
        Ok(v)
    } else {
        Err(bad(f, column, format!("«{v}» — не месяц в виде ГГГГ-ММ, например 2026-10")))
    }
}

/// A calendar date `YYYY-MM-DD` that exists (no 31 April, 29 February only in leap years).
pub fn date<'a>(f: &Fields<'a>, column: usize) -> FieldResult<&'a str> {
    let v = f.get(column);
    if is_date(v) {
        Ok(v)
    } else {
        Err(bad(f, column, format!("«{v}» — не дата в виде ГГГГ-ММ-ДД, например 2029-05-14")))
    }
}

pub fn opt_date<'a>(f: &Fields<'a>, column: usize) -> FieldResult<Option<&'a str>> {
    if f.get(column).is_empty() { Ok(None) } else { date(f, column).map(Some) }
}

fn year_ok(y: &str) -> bool {
    y.bytes().all(|b| b.is_ascii_digit()) && y.parse::<u32>().is_ok_and(|y| (1900..=2199).contains(&y))
}

fn is_date(v: &str) -> bool {
    let b = v.as_bytes();
    if v.len() != 10 || !v.is_ascii() || b[4] != b'-' || b[7] != b'-' || !year_ok(&v[..4]) {
        return false;
    }
    let num = |s: &str| if s.bytes().all(|c| c.is_ascii_digit()) { s.parse::<u32>().ok() } else { None };
    let (Some(y), Some(m), Some(d)) = (num(&v[..4]), num(&v[5..7]), num(&v[8..])) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// A provider code: the short Latin name accounts refer to (`volga`).
pub fn provider_code<'a>(f: &Fields<'a>, column: usize) -> FieldResult<&'a str> {
    let v = text(f, column, 32)?;
    if v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        Ok(v)
    } else {
        Err(bad(f, column, format!("«{v}» — код поставщика пишется латинскими буквами, цифрами, - и _")))
    }
}

/// A use of gas by its code (`cooking`, `cooking_water`, `heating`): which tariff applies.
pub fn gas_use(f: &Fields, column: usize) -> FieldResult<GasUse> {
    let v = text(f, column, 32)?;
    GasUse::from_code(v)
        .ok_or_else(|| bad(f, column, format!("«{v}» — ожидается cooking, cooking_water или heating")))
}

/// The same, `None` when empty.
pub fn opt_gas_use(f: &Fields, column: usize) -> FieldResult<Option<GasUse>> {
    if f.get(column).is_empty() { Ok(None) } else { gas_use(f, column).map(Some) }
}

/// An account number as printed on a receipt (`023-185952`), kept as the portal keeps it.
pub fn account_number(f: &Fields, column: usize) -> FieldResult<AccountNumber> {
    AccountNumber::parse(f.get(column)).map_err(|e| bad(f, column, format!("«{}»: {e}", f.get(column))))
}

/// A PIN: 4 to 8 digits, as the control question accepts it (spaces dropped).
pub fn pin(f: &Fields, column: usize) -> FieldResult<String> {
    let v: String = f.get(column).chars().filter(|c| !c.is_whitespace()).collect();
    if (4..=8).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_digit()) {
        Ok(v)
    } else {
        // The PIN itself is a secret: it stays out of the report.
        Err(bad(f, column, "PIN-код состоит из 4–8 цифр"))
    }
}

/// The account a row refers to, by provider code and account number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountRef {
    pub provider: String,
    pub number: AccountNumber,
}

pub fn account_ref(f: &Fields, provider: usize, number: usize) -> FieldResult<AccountRef> {
    Ok(AccountRef { provider: provider_code(f, provider)?.to_owned(), number: account_number(f, number)? })
}

#[cfg(test)]
pub mod tests {
    use super::super::source::{Column, Source};
    use super::*;
    use std::io::Write;

    const COLUMNS: &[Column] = &[Column::required("v")];

    /// Runs `check` on a one-column record holding `value`.
    pub fn with_value<T>(value: &str, check: impl FnOnce(&Fields) -> T) -> T {
        with_record(COLUMNS, &format!("v\n\"{}\"\n", value.replace('"', "\"\"")), check)
    }

    /// Runs `check` on the first record of `text` read with `columns`.
    pub fn with_record<T>(columns: &'static [Column], text: &str, check: impl FnOnce(&Fields) -> T) -> T {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(text.as_bytes()).unwrap();
        let mut source = Source::open(file.path(), columns).unwrap();
        let fields = source.next_record().unwrap().unwrap();
        check(&fields)
    }

    #[test]
    fn integers_are_whole_kopecks() {
        assert_eq!(with_value("123456", |f| int(f, 0, 0, MAX_KOPECKS)), Ok(123_456));
        assert_eq!(with_value(" -500 ", |f| int(f, 0, -MAX_KOPECKS, MAX_KOPECKS)), Ok(-500));
        for bad in ["1234,56", "12.5", "1 234", "", "-", "1e5", "9999999999999999"] {
            let err = with_value(bad, |f| int(f, 0, -MAX_KOPECKS, MAX_KOPECKS)).unwrap_err();
            assert!(err.starts_with("столбец v: "), "{bad}: {err}");
        }
        assert!(with_value("-1", |f| int(f, 0, 0, 10)).unwrap_err().contains("вне допустимых пределов"));
        assert_eq!(with_value("", |f| opt_int(f, 0, 0, 10)), Ok(None));
    }

    #[test]
    fn periods_and_dates_must_exist() {
        assert_eq!(with_value("2026-10", |f| period(f, 0).map(str::to_owned)), Ok("2026-10".into()));
        for bad in ["2026-13", "2026-1", "10.2026", "2026-00", "26-10", "2026-+1"] {
            assert!(with_value(bad, |f| period(f, 0).is_err()), "{bad}");
        }
        for good in ["2029-05-14", "2024-02-29", "2000-02-29"] {
            assert!(with_value(good, |f| date(f, 0).is_ok()), "{good}");
        }
        for bad in ["2026-02-29", "1900-02-29", "2026-04-31", "14.05.2029", "2029-5-14", "2029-05-00"] {
            assert!(with_value(bad, |f| date(f, 0).is_err()), "{bad}");
        }
        assert_eq!(with_value("", |f| opt_date(f, 0).map(|d| d.map(str::to_owned))), Ok(None));
    }

    #[test]
    fn account_numbers_are_normalised_like_on_the_portal() {
        assert_eq!(with_value("023-185952", |f| account_number(f, 0)).unwrap().as_str(), "23185952");
        let err = with_value("23A85952", |f| account_number(f, 0)).unwrap_err();
        assert!(err.contains("только из цифр"), "{err}");
    }

    #[test]
    fn provider_codes_texts_and_pins() {
        assert!(with_value("volga_2", |f| provider_code(f, 0).is_ok()));
        assert!(with_value("Волга", |f| provider_code(f, 0).is_err()));
        assert!(with_value("", |f| text(f, 0, 5).unwrap_err()).contains("обязательно"));
        assert!(with_value("абвгде", |f| text(f, 0, 5).unwrap_err()).contains("длиннее 5"));
        assert_eq!(with_value(" 48 21 ", |f| pin(f, 0)), Ok("4821".into()));
        for bad in ["482", "123456789", "48a1"] {
            let err = with_value(bad, |f| pin(f, 0)).unwrap_err();
            assert!(!err.contains(bad), "the PIN stays out of the message: {err}");
        }
    }

    /// Property tests (`proptest`): no field value panics a column reader, and what is read
    /// is what was written. `scripts/fuzz.sh` runs them with a million cases each.
    mod proptests {
        use super::super::super::source::with_fields;
        use super::*;
        use proptest::prelude::*;

        fn value() -> impl Strategy<Value = String> {
            prop_oneof![
                any::<String>(),
                "[0-9 +\\-.,_a-zA-Zа-я]{0,20}",
                "[0-9]{4}-[0-9]{1,2}(-[0-9]{1,3})?",
                proptest::collection::vec(any::<char>(), 0..3000).prop_map(String::from_iter),
            ]
        }

        fn one<T>(v: &str, check: impl FnOnce(&Fields) -> T) -> T {
            with_fields(COLUMNS, &[v], check)
        }

        fn days_in(y: u32, m: u32) -> u32 {
            // The day before the first of the next month, counted apart from `is_date`.
            let first_of_next = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            let days_before = |(y, m): (u32, u32)| -> u32 {
                let y0 = y - 1;
                let leap_days = y0 / 4 - y0 / 100 + y0 / 400;
                let cumulative = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334][m as usize - 1];
                let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
                y0 * 365 + leap_days + cumulative + u32::from(leap && m > 2)
            };
            days_before(first_of_next) - days_before((y, m))
        }

        proptest! {
            #[test]
            fn any_value_in_any_column_reader_is_read_or_refused_with_the_column(v in value(), min in any::<i64>(), max in any::<i64>(), len in 0usize..100) {
                let all: [(&str, Result<String, String>); 9] = [
                    ("text", one(&v, |f| text(f, 0, len).map(str::to_owned))),
                    ("opt_text", one(&v, |f| opt_text(f, 0, len).map(|t| t.unwrap_or_default().to_owned()))),
                    ("int", one(&v, |f| int(f, 0, min, max).map(|n| n.to_string()))),
                    ("opt_int", one(&v, |f| opt_int(f, 0, min, max).map(|n| format!("{n:?}")))),
                    ("period", one(&v, |f| period(f, 0).map(str::to_owned))),
                    ("date", one(&v, |f| date(f, 0).map(str::to_owned))),
                    ("provider_code", one(&v, |f| provider_code(f, 0).map(str::to_owned))),
                    ("account_number", one(&v, |f| account_number(f, 0).map(|n| n.to_string()))),
                    ("pin", one(&v, |f| pin(f, 0))),
                ];
                for (reader, result) in all {
                    if let Err(message) = result {
                        prop_assert!(message.starts_with("столбец v: "), "{}: {}", reader, message);
                    }
                }
                let trimmed = v.trim();
                if let Ok(n) = one(&v, |f| int(f, 0, min, max)) {
                    prop_assert!(min <= n && n <= max);
                    prop_assert_eq!(trimmed.parse::<i64>(), Ok(n));
                }
                if let Ok(t) = one(&v, |f| text(f, 0, len).map(str::to_owned)) {
                    prop_assert!(!t.is_empty() && t.chars().count() <= len && t == trimmed);
                }
                match one(&v, |f| pin(f, 0)) {
                    Ok(p) => prop_assert!((4..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())),
                    // The PIN is a secret: whatever was written stays out of the report.
                    Err(message) => prop_assert_eq!(message, "столбец v: PIN-код состоит из 4–8 цифр"),
                }
            }

            #[test]
            fn whole_numbers_read_back(n in -MAX_KOPECKS..=MAX_KOPECKS, pad in "[ ]{0,2}") {
                let v = format!("{pad}{n}{pad}");
                prop_assert_eq!(one(&v, |f| int(f, 0, -MAX_KOPECKS, MAX_KOPECKS)), Ok(n));
            }

            #[test]
            fn a_date_is_read_if_and_only_if_it_is_in_the_calendar(y in 1850u32..2250, m in 0u32..14, d in 0u32..33) {
                let v = format!("{y:04}-{m:02}-{d:02}");
                let exists = (1900..=2199).contains(&y) && (1..=12).contains(&m) && d >= 1 && d <= days_in(y, m);
                prop_assert_eq!(one(&v, |f| date(f, 0).is_ok()), exists, "{}", v);
                let month = format!("{y:04}-{m:02}");
                let month_ok = (1900..=2199).contains(&y) && (1..=12).contains(&m);
                prop_assert_eq!(one(&month, |f| period(f, 0).is_ok()), month_ok, "{}", month);
            }
        }
    }
}
