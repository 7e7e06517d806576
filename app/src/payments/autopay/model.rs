//! What the autopay page receives.

use crate::accounts::model::AccountSummary;
use crate::domain::Kopecks;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutopayPage {
    pub account: AccountSummary,
    /// Autopay needs extended access (the customer proved the account is theirs).
    pub extended: bool,
    pub state: AutopayState,
    /// The largest cap (what one payment may carry).
    pub max: Kopecks,
    /// What the first payment will be: the debt up to the cap, or `SETUP_MINIMUM`.
    pub debt: Kopecks,
    /// This form's first payment, made once however often the form is sent.
    pub attempt: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AutopaySettings {
    pub day: u32,
    pub cap: Kopecks,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AutopayState {
    Off,
    /// Another customer of the account has autopay on it.
    OtherCustomers,
    /// The first payment is on its way (`pay_url`: where to finish it), or it ended without
    /// saving the card (`failed`).
    Setup {
        settings: AutopaySettings,
        pay_url: Option<String>,
        failed: bool,
    },
    On {
        settings: AutopaySettings,
        card: String,
        next: Option<NextCharge>,
        skipped: Option<String>,
    },
    /// A charge and its retry failed.
    Paused {
        settings: AutopaySettings,
        card: String,
    },
}

/// The charge autopay will make next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextCharge {
    /// `10 декабря`.
    pub date: String,
    /// The debt today, up to the cap.
    pub amount: Kopecks,
    /// `ноябрь 2026`: the charge it pays.
    pub period: String,
}

/// The first payment when there is no debt: it saves the card and is credited to the
/// account (it pays the next charges).
pub const SETUP_MINIMUM: Kopecks = Kopecks(100);
