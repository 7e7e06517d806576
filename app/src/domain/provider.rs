//! A provider (поставщик услуг) as the binding form sends it: the id of one of the list's
//! choices. Whether such a provider exists is the server's question; this is only the shape.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ProviderId(i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoProviderChosen;

impl fmt::Display for NoProviderChosen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Выберите поставщика услуг из списка")
    }
}

impl ProviderId {
    /// The form's value: a positive whole number; anything else means nothing was chosen.
    pub fn parse(raw: &str) -> Result<ProviderId, NoProviderChosen> {
        match raw.trim().parse::<i64>() {
            Ok(id) if id > 0 => Ok(ProviderId(id)),
            _ => Err(NoProviderChosen),
        }
    }

    pub fn from_choice(id: i64) -> ProviderId {
        ProviderId(id)
    }

    pub fn get(self) -> i64 {
        self.0
    }
}

impl fmt::Display for ProviderId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_choice_is_a_positive_id() {
        assert_eq!(ProviderId::parse(" 7 ").map(ProviderId::get), Ok(7));
        for raw in ["", " ", "0", "-3", "7a", "1.5", "99999999999999999999"] {
            assert_eq!(ProviderId::parse(raw), Err(NoProviderChosen), "{raw:?}");
        }
        assert_eq!(NoProviderChosen.to_string(), "Выберите поставщика услуг из списка");
    }
}
