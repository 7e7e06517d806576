//! Domain rules shared by the browser and the server.
//!
//! Plain Rust only (no leptos, sqlx or tokio) so the same `parse` runs in WASM as the user
//! types and again on the server when the request arrives. Every type here is a
//! "parse, don't validate" newtype: if you hold one, it is valid.

pub mod account_number;
pub mod address;
pub mod announcement;
pub mod audit;
pub mod autopay;
pub mod bill;
pub mod code;
pub mod control_question;
pub mod login;
pub mod login_kinds;
pub mod money;
pub mod notification;
pub mod password;
pub mod pin_request;
pub mod profile;
pub mod provider;
pub mod reading;
pub mod support;
pub mod tariff;
pub mod time;

pub use account_number::{AccountNumber, AccountNumberError};
pub use code::{CodeError, ConfirmationCode};
pub use control_question::{ControlAnswer, ControlAnswerError, ControlQuestion};
pub use login::{Email, Login, LoginError, Phone};
pub use login_kinds::{LoginKindError, LoginKinds};
pub use money::{AmountError, Kopecks};
pub use password::{Password, PasswordError, PasswordPolicy};
pub use provider::{NoProviderChosen, ProviderId};
pub use reading::{Reading, ReadingError, ReadingWindow};
