//! Gas tariffs as billing imports them (`moygaz import tariffs`), read for one account: the
//! readings form prices the volume being typed, the account page the months of its history.
//! The cost rule itself is `domain::tariff`, shared with the browser.

#[cfg(feature = "ssr")]
pub mod repo;
