//! One module per screen.

mod register;

pub use register::RegisterPage;
