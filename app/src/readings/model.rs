use crate::accounts::model::AccountSummary;
use crate::domain::ReadingWindow;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadingsForm {
    pub account: AccountSummary,
    pub window: ReadingWindow,
    /// `None` while the window is open; else what the form says about when it opens.
    pub closed_message: Option<String>,
    /// The period a reading given now belongs to, `YYYY-MM`.
    pub period: String,
    pub meters: Vec<MeterForm>,
    /// Extended access only: the readings before the last one.
    pub history: Option<Vec<ReadingRow>>,
    /// Today's price of 1 m³ for the account's use of gas with a meter, in kopecks (the form
    /// shows what the volume since the last reading costs); `None` without a tariff.
    pub price_kopecks: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeterForm {
    pub meter_id: i64,
    /// `Счётчик газа`; the serial number only with extended access (it answers the control
    /// question, so basic access must not show it).
    pub title: String,
    pub digits: u32,
    /// `(period, m³)` of the last accepted reading before this period's own.
    pub last: Option<(String, i64)>,
    /// What this customer's household already gave for this period (it can be corrected).
    pub this_period: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadingRow {
    pub meter: String,
    pub period: String,
    pub value: i64,
    /// Who gave it, as seen by the customer reading the history.
    pub submitter: Submitter,
}

/// Who gave a reading, from the point of view of the customer who reads the history. Other
/// customers are never named: a family shares the account, not its members' logins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Submitter {
    /// This customer, through the portal.
    You,
    /// Another customer who has bound the account (now or before), through the portal.
    OtherCustomer,
    /// Through the portal before the portal recorded who (or by a customer since deleted
    /// who did not record one): a customer, not billing.
    Portal,
    /// The supplier's billing (the import, or the demo data).
    Billing,
}

impl Submitter {
    /// `source` and `submitted_by` of a `meter_readings` row, for the customer `viewer`.
    pub fn of(source: &str, submitted_by: Option<i64>, viewer: i64) -> Self {
        match (source, submitted_by) {
            ("portal", Some(id)) if id == viewer => Submitter::You,
            ("portal", Some(_)) => Submitter::OtherCustomer,
            ("portal", None) => Submitter::Portal,
            _ => Submitter::Billing,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Submitter::You => "Вы",
            Submitter::OtherCustomer => "Другой клиент этого счёта",
            Submitter::Portal => "Личный кабинет",
            Submitter::Billing => "Биллинг поставщика",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Accepted {
    pub period: String,
    pub value: i64,
    /// It replaced an earlier reading of the same period.
    pub replaced: bool,
}

#[cfg(test)]
mod tests {
    use super::Submitter;

    #[test]
    fn a_reading_reads_as_mine_another_customers_or_billings() {
        assert_eq!(Submitter::of("portal", Some(7), 7), Submitter::You);
        assert_eq!(Submitter::of("portal", Some(8), 7), Submitter::OtherCustomer);
        assert_eq!(Submitter::of("portal", None, 7), Submitter::Portal);
        assert_eq!(Submitter::of("billing", None, 7), Submitter::Billing);
        // Billing's rows never carry a customer; if one did, it is still billing's.
        assert_eq!(Submitter::of("billing", Some(7), 7), Submitter::Billing);
        assert_eq!(Submitter::OtherCustomer.label(), "Другой клиент этого счёта");
    }
}
