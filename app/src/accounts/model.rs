//! What the account pages receive. Basic access carries only what a payer needs; the
//! extended part is `None` unless this customer's binding is extended.

use crate::domain::Kopecks;
use crate::domain::tariff::{GasUse, Reckoning};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Access {
    Basic,
    Extended,
}

impl Access {
    pub fn from_db(s: &str) -> Access {
        if s == "extended" { Access::Extended } else { Access::Basic }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderOption {
    pub id: i64,
    pub name: String,
    pub region: String,
}

/// One bound account as a card shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountSummary {
    pub account_id: i64,
    pub provider: String,
    pub number: String,
    /// Masked for basic access, in full for extended.
    pub address: String,
    pub debt: Kopecks,
    pub access: Access,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountDetails {
    pub summary: AccountSummary,
    pub extended: Option<ExtendedDetails>,
    /// An unanswered "Подать запрос на получение PIN-кода" of this customer.
    pub pin_requested_at: Option<i64>,
    /// Wrong answers used up: the control question opens again at this time.
    pub control_locked_until: Option<i64>,
    /// The price in force today; `None` when billing sent no tariff.
    pub tariff: Option<TariffNow>,
}

/// The account's tariff today, as the account page states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TariffNow {
    pub price: Kopecks,
    pub gas_use: GasUse,
    pub metered: bool,
    /// `YYYY-MM-DD`
    pub since: String,
    pub act: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtendedDetails {
    pub owner: String,
    pub meters: Vec<MeterInfo>,
    /// Oldest first, the last twelve billed months.
    pub months: Vec<MonthRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeterInfo {
    pub serial: String,
    pub title: String,
    /// `(period, m³)` of the last accepted reading.
    pub last_reading: Option<(String, i64)>,
    /// Next verification (поверка) due, `YYYY-MM-DD`.
    pub verification_due: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthRow {
    /// `YYYY-MM`
    pub period: String,
    pub charged: Kopecks,
    pub paid: Kopecks,
    pub consumption_m3: i64,
    /// The charge against volume × tariff; `None` without a price for the month.
    pub reckoning: Option<Reckoning>,
}

/// What binding did: the account, and whether this customer had it already.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BindOutcome {
    pub account_id: i64,
    pub number: String,
    pub provider: String,
    pub already_bound: bool,
    pub access: Access,
}

pub use crate::domain::time::month_name;

/// `2026-10` → `окт`, for the chart's axis.
pub fn month_short(period: &str) -> &'static str {
    const SHORT: [&str; 12] =
        ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"];
    period
        .split_once('-')
        .and_then(|(_, m)| m.parse::<usize>().ok())
        .filter(|m| (1..=12).contains(m))
        .map_or("", |m| SHORT[m - 1])
}

/// `2029-05-14` → `14.05.2029`
pub fn russian_date(iso: &str) -> String {
    let mut parts = iso.splitn(3, '-');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(y), Some(m), Some(d)) => format!("{d}.{m}.{y}"),
        _ => iso.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_and_dates_in_russian() {
        assert_eq!(month_name("2026-10"), "Октябрь 2026");
        assert_eq!(month_name("2025-01"), "Январь 2025");
        assert_eq!(month_name("bad"), "bad");
        assert_eq!(month_short("2026-05"), "май");
        assert_eq!(month_short("2026-13"), "");
        assert_eq!(russian_date("2029-05-14"), "14.05.2029");
    }
}
