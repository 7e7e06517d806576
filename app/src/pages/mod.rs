//! One module per screen.

mod cabinet;
mod confirm;
mod consent;
mod login;
mod register;
mod reset;
mod settings;
mod welcome;

pub use cabinet::CabinetPage;
pub use confirm::ConfirmPage;
pub use consent::ConsentPage;
pub use login::LoginPage;
pub use register::RegisterPage;
pub use reset::ResetPage;
pub use settings::SettingsPage;
pub use welcome::WelcomePage;
