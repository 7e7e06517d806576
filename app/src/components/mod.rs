//! The design system in components: every screen is built from these.

mod cabinet_layout;
mod field;
mod layout;
mod not_found;
mod require_user;

pub use cabinet_layout::CabinetLayout;
pub use field::TextField;
pub use layout::{AuthLayout, Footer, Logo, Notice, NoticeKind};
pub use not_found::{ErrorPage, NotFound};
pub use require_user::RequireUser;
