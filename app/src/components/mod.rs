//! The design system in components: every screen is built from these.

mod field;
mod layout;
mod not_found;

pub use field::TextField;
pub use layout::{AuthLayout, Footer, Logo, Notice, NoticeKind};
pub use not_found::{ErrorPage, NotFound};
