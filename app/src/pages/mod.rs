//! One module per screen.

mod account;
mod autopay;
mod bind_account;
mod cabinet;
mod confirm;
mod consent;
mod extended;
mod login;
mod notification_settings;
mod notifications;
mod operator;
mod pay;
mod payment_result;
mod readings;
mod register;
mod reset;
mod sandbox_pay;
mod settings;
mod support;
mod unsubscribe;
mod welcome;

pub use account::AccountPage;
pub use autopay::AutopayPage;
pub use bind_account::{BindAccountFlow, BindAccountPage};
pub use cabinet::CabinetPage;
pub use confirm::ConfirmPage;
pub use consent::ConsentPage;
pub use extended::ExtendedAccessPage;
pub use login::LoginPage;
pub use notifications::NotificationsPage;
pub use operator::{
    OperatorAccountPage, OperatorAccountsPage, OperatorNoticesPage, OperatorQueuePage, OperatorTicketPage,
};
pub use pay::PayPage;
pub use payment_result::PaymentResultPage;
pub use readings::ReadingsPage;
pub use register::RegisterPage;
pub use reset::ResetPage;
pub use sandbox_pay::SandboxPayPage;
pub use settings::SettingsPage;
pub use support::SupportPage;
pub use unsubscribe::UnsubscribePage;
pub use welcome::WelcomePage;
