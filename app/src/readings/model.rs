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
    /// Given through the portal (else taken from billing).
    pub from_portal: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Accepted {
    pub period: String,
    pub value: i64,
    /// It replaced an earlier reading of the same period.
    pub replaced: bool,
}
