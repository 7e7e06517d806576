//! Server-only building blocks shared by the domains: the clock, limits, the outbox, the
//! audit log, the request's origin, tokens. Compiled only with the `ssr` feature. The typed
//! session and the auth layer's backend live with sign-in, in `auth::session` and
//! `auth::users`.

pub mod audit;
pub mod clock;
pub mod outbox;
pub mod rate_limit;
pub mod reads;
pub mod request;
pub mod token;
