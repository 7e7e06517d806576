//! The operator console's screens (`/operator/…`). The rules behind them are in
//! `crate::operator`; every page renders inside `RequireOperator`.

mod account;
mod accounts;
mod notices;
mod queue;
mod ticket;

pub use account::OperatorAccountPage;
pub use accounts::OperatorAccountsPage;
pub use notices::OperatorNoticesPage;
pub use queue::OperatorQueuePage;
pub use ticket::OperatorTicketPage;
