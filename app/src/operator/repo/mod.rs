//! Every table the operator console reads or changes, and how: the SQL of `tickets`,
//! `pins`, `bindings`, `security`, `payments`, `staff` and `announcements`, one file per
//! area. Rows come back as named structs (`sqlx::FromRow` maps by column name, so every
//! selected column is aliased to its field). The services keep the rules and the transactions: a function
//! that runs inside one takes `&mut AnyConnection` (`&mut *tx`), the others the pool.
//! Errors stay `sqlx::Error`; the services turn them into `AppError` as before.

pub mod announcements;
pub mod bindings;
pub mod payments;
pub mod pins;
pub mod security;
pub mod staff;
pub mod tickets;
