//! Notifications: what the portal tells a customer (the readings window, payments, answers,
//! security) in the cabinet's list and by e-mail or SMS, once per customer, kind and period.
//!
//! - `model`: what the pages receive; `api`: endpoints under `/api/notifications/…`;
//! - `service`: making notifications (one event, or a scheduler's run for every account of
//!   a provider) and queuing their messages through the outbox; the list; the settings;
//! - `repo`: every statement of the domain, with its row types;
//! - `scheduler`: the reminders that come from the calendar, not from an event: the
//!   readings window, and (`bills`) new charges and the due date;
//! - `push`: the browsers' Web Push subscriptions, checked, and the portal's VAPID key
//!   (the sending is the server's outbox worker, `server::delivery::push`);
//! - `unsubscribe`: the signed one-click links of notification e-mails (RFC 8058).
//!
//! The kinds, topics and channels are rules of their own: `domain::notification`.

pub mod api;
#[cfg(feature = "ssr")]
pub mod bills;
pub mod model;
#[cfg(feature = "ssr")]
pub mod push;
#[cfg(feature = "ssr")]
mod repo;
#[cfg(feature = "ssr")]
pub use repo::UNREAD_OF_USER;
#[cfg(feature = "ssr")]
pub mod scheduler;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod unsubscribe;
