//! Server-only building blocks shared by the domains: the session, the clock, limits,
//! the outbox, the request's origin. Compiled only with the `ssr` feature.

pub mod audit;
pub mod clock;
pub mod outbox;
pub mod rate_limit;
pub mod request;
pub mod session;
pub mod token;
pub mod users;
