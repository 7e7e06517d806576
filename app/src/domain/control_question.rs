//! The control question that unlocks extended access to a personal account (seed step 9).
//! The customer picks one of three questions and types the answer; the server compares it
//! with billing data. Normalisation lives here so the browser and the server agree.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ControlQuestion {
    /// `Ввести серийный номер прибора учета газа`
    MeterSerial,
    /// `Ввести сумму из последних начислений в копейках`
    LastCharge,
    /// `Ввести PIN код (может быть напечатан на квитанции)`
    Pin,
}

impl ControlQuestion {
    pub const ALL: [ControlQuestion; 3] = [Self::MeterSerial, Self::LastCharge, Self::Pin];

    /// The seed's exact wording of each choice.
    pub fn label(self) -> &'static str {
        match self {
            Self::MeterSerial => "Ввести серийный номер прибора учета газа",
            Self::LastCharge => "Ввести сумму из последних начислений в копейках",
            Self::Pin => "Ввести PIN код (может быть напечатан на квитанции)",
        }
    }

    /// The stable name used in forms and the audit log.
    pub fn code(self) -> &'static str {
        match self {
            Self::MeterSerial => "serial",
            Self::LastCharge => "charge",
            Self::Pin => "pin",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|q| q.code() == code)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ControlAnswerError {
    #[error("Выберите контрольный вопрос")]
    NoQuestion,
    #[error("Введите ответ на контрольный вопрос")]
    Empty,
    #[error("Сумма в копейках — только цифры, например 123456")]
    ChargeFormat,
    #[error("PIN-код состоит из 4–8 цифр")]
    PinFormat,
    #[error("Слишком длинный ответ")]
    TooLong,
}

/// A well-formed answer to one question. Holding one says nothing about being right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ControlAnswer {
    MeterSerial(String),
    LastCharge(i64),
    Pin(String),
}

impl ControlAnswer {
    pub fn parse(question: Option<ControlQuestion>, raw: &str) -> Result<Self, ControlAnswerError> {
        let question = question.ok_or(ControlAnswerError::NoQuestion)?;
        if raw.chars().count() > 64 {
            return Err(ControlAnswerError::TooLong);
        }
        let compact: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
        if compact.is_empty() {
            return Err(ControlAnswerError::Empty);
        }
        match question {
            ControlQuestion::MeterSerial => {
                let serial = normalise_serial(&compact);
                if serial.is_empty() {
                    return Err(ControlAnswerError::Empty);
                }
                Ok(Self::MeterSerial(serial))
            }
            ControlQuestion::LastCharge => {
                if compact.len() > 15 || !compact.chars().all(|c| c.is_ascii_digit()) {
                    return Err(ControlAnswerError::ChargeFormat);
                }
                compact.parse().map(Self::LastCharge).map_err(|_| ControlAnswerError::ChargeFormat)
            }
            ControlQuestion::Pin => {
                if !(4..=8).contains(&compact.len()) || !compact.chars().all(|c| c.is_ascii_digit()) {
                    return Err(ControlAnswerError::PinFormat);
                }
                Ok(Self::Pin(compact))
            }
        }
    }

    pub fn question(&self) -> ControlQuestion {
        match self {
            Self::MeterSerial(_) => ControlQuestion::MeterSerial,
            Self::LastCharge(_) => ControlQuestion::LastCharge,
            Self::Pin(_) => ControlQuestion::Pin,
        }
    }
}

/// Serial numbers compare without case, spaces and dashes: `gr-2019 77415` is `ГР201977415`'s
/// Latin twin only if typed so; Cyrillic and Latin letters stay distinct.
pub fn normalise_serial(raw: &str) -> String {
    raw.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '‐' | '‑' | '–' | '—' | '_'))
        .flat_map(char::to_uppercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serials_ignore_case_spaces_and_dashes() {
        assert_eq!(normalise_serial("ГР-2019-77415"), normalise_serial("гр 2019 77415"));
        assert_eq!(normalise_serial("bk-g4-0099812"), "BKG40099812");
        assert_ne!(normalise_serial("12345678"), normalise_serial("1234567"));
        assert_eq!(
            ControlAnswer::parse(Some(ControlQuestion::MeterSerial), " 1234-5678 "),
            Ok(ControlAnswer::MeterSerial("12345678".into()))
        );
    }

    #[test]
    fn charges_are_whole_kopecks() {
        let q = Some(ControlQuestion::LastCharge);
        assert_eq!(ControlAnswer::parse(q, "123456"), Ok(ControlAnswer::LastCharge(123_456)));
        assert_eq!(ControlAnswer::parse(q, "123 456"), Ok(ControlAnswer::LastCharge(123_456)));
        assert_eq!(ControlAnswer::parse(q, "1234,56"), Err(ControlAnswerError::ChargeFormat));
        assert_eq!(ControlAnswer::parse(q, "9".repeat(16).as_str()), Err(ControlAnswerError::ChargeFormat));
    }

    #[test]
    fn pins_are_four_to_eight_digits() {
        let q = Some(ControlQuestion::Pin);
        assert_eq!(ControlAnswer::parse(q, "4821"), Ok(ControlAnswer::Pin("4821".into())));
        assert_eq!(ControlAnswer::parse(q, "482"), Err(ControlAnswerError::PinFormat));
        assert_eq!(ControlAnswer::parse(q, "48a1"), Err(ControlAnswerError::PinFormat));
    }

    #[test]
    fn empty_and_unchosen_are_refused() {
        assert_eq!(ControlAnswer::parse(None, "4821"), Err(ControlAnswerError::NoQuestion));
        assert_eq!(ControlAnswer::parse(Some(ControlQuestion::Pin), "  "), Err(ControlAnswerError::Empty));
        assert_eq!(
            ControlAnswer::parse(Some(ControlQuestion::MeterSerial), "--"),
            Err(ControlAnswerError::Empty)
        );
        assert_eq!(
            ControlAnswer::parse(Some(ControlQuestion::Pin), &"1".repeat(65)),
            Err(ControlAnswerError::TooLong)
        );
    }

    #[test]
    fn codes_round_trip() {
        for q in ControlQuestion::ALL {
            assert_eq!(ControlQuestion::from_code(q.code()), Some(q));
        }
        assert_eq!(ControlQuestion::from_code("other"), None);
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
                "[0-9 \\-‐‑–—_a-zA-Zа-яА-ЯßİΣ]{0,40}",
                proptest::collection::vec(any::<char>(), 0..3000).prop_map(String::from_iter),
            ]
        }

        fn question() -> impl Strategy<Value = Option<ControlQuestion>> {
            prop::option::of(prop::sample::select(ControlQuestion::ALL.to_vec()))
        }

        proptest! {
            #[test]
            fn any_answer_to_any_question_is_well_formed_or_refused(q in question(), raw in input()) {
                if let Ok(answer) = ControlAnswer::parse(q, &raw) {
                    prop_assert_eq!(Some(answer.question()), q);
                    match answer {
                        ControlAnswer::MeterSerial(s) => {
                            prop_assert!(!s.is_empty());
                            prop_assert!(!s.chars().any(char::is_whitespace), "{:?}", s);
                            // Normalising is stable: a stored serial compares with a typed one.
                            prop_assert_eq!(normalise_serial(&s), s);
                        }
                        ControlAnswer::LastCharge(k) => prop_assert!((0..10i64.pow(15)).contains(&k)),
                        ControlAnswer::Pin(p) => {
                            prop_assert!((4..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()));
                        }
                    }
                }
            }

            #[test]
            fn any_code_names_its_question_or_none(code in input()) {
                if let Some(q) = ControlQuestion::from_code(&code) {
                    prop_assert_eq!(q.code(), code.as_str());
                }
            }

            #[test]
            fn charges_and_pins_round_trip(k in 0i64..10i64.pow(15), pin in "[0-9]{4,8}") {
                prop_assert_eq!(
                    ControlAnswer::parse(Some(ControlQuestion::LastCharge), &k.to_string()),
                    Ok(ControlAnswer::LastCharge(k))
                );
                let spaced: String = pin.chars().flat_map(|c| [c, ' ']).collect();
                prop_assert_eq!(ControlAnswer::parse(Some(ControlQuestion::Pin), &spaced), Ok(ControlAnswer::Pin(pin)));
            }
        }
    }
}
