//! Who did something and to whom, as the audit log writes them (`user:7`, `account:3`).
//! One type each, so a row is written and read back by the same code: the service that
//! records and the operator's page that shows who acted agree by construction.

use std::fmt;
use std::str::FromStr;

/// Who acted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Actor {
    /// A customer, by user id.
    User(i64),
    /// An operator, by user id.
    Operator(i64),
    /// `moygaz` on the command line (making an operator).
    Cli,
    /// The payment acquirer's report (a notification or a re-check).
    Acquirer,
}

/// What was acted on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Subject {
    /// A customer's own cabinet (sign-ins, password and login changes, consent).
    User(i64),
    Account(i64),
    Ticket(i64),
    /// A login that has no user id yet, or no longer (making an operator).
    Login(String),
    /// A supplier, as the audience of an operator's announcement.
    Provider(i64),
    /// A message of the outbox (an operator sent it again).
    Message(i64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownParty;

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Actor::User(id) => write!(f, "user:{id}"),
            Actor::Operator(id) => write!(f, "operator:{id}"),
            Actor::Cli => f.write_str("cli"),
            Actor::Acquirer => f.write_str("acquirer"),
        }
    }
}

impl FromStr for Actor {
    type Err = UnknownParty;

    fn from_str(s: &str) -> Result<Actor, UnknownParty> {
        match s.split_once(':') {
            Some(("user", id)) => id.parse().map(Actor::User).map_err(|_| UnknownParty),
            Some(("operator", id)) => id.parse().map(Actor::Operator).map_err(|_| UnknownParty),
            None if s == "cli" => Ok(Actor::Cli),
            None if s == "acquirer" => Ok(Actor::Acquirer),
            _ => Err(UnknownParty),
        }
    }
}

impl Actor {
    /// How the operator's console names the actor.
    pub fn label_ru(&self) -> String {
        match self {
            Actor::User(id) => format!("клиент № {id}"),
            Actor::Operator(id) => format!("оператор № {id}"),
            Actor::Cli => "администратор".to_owned(),
            Actor::Acquirer => "платёжный сервис".to_owned(),
        }
    }

    /// The customer's own cabinet, as the subject of what they did to it.
    pub fn as_subject(&self) -> Option<Subject> {
        match self {
            Actor::User(id) => Some(Subject::User(*id)),
            _ => None,
        }
    }
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subject::User(id) => write!(f, "user:{id}"),
            Subject::Account(id) => write!(f, "account:{id}"),
            Subject::Ticket(id) => write!(f, "ticket:{id}"),
            Subject::Login(login) => write!(f, "login:{login}"),
            Subject::Provider(id) => write!(f, "provider:{id}"),
            Subject::Message(id) => write!(f, "message:{id}"),
        }
    }
}

impl FromStr for Subject {
    type Err = UnknownParty;

    fn from_str(s: &str) -> Result<Subject, UnknownParty> {
        let id = |raw: &str| raw.parse::<i64>().map_err(|_| UnknownParty);
        match s.split_once(':') {
            Some(("user", raw)) => id(raw).map(Subject::User),
            Some(("account", raw)) => id(raw).map(Subject::Account),
            Some(("ticket", raw)) => id(raw).map(Subject::Ticket),
            Some(("provider", raw)) => id(raw).map(Subject::Provider),
            Some(("message", raw)) => id(raw).map(Subject::Message),
            Some(("login", login)) if !login.is_empty() => Ok(Subject::Login(login.to_owned())),
            _ => Err(UnknownParty),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_party_reads_back_as_written() {
        for actor in [Actor::User(7), Actor::Operator(12), Actor::Cli, Actor::Acquirer] {
            assert_eq!(actor.to_string().parse::<Actor>(), Ok(actor));
        }
        for subject in [
            Subject::User(1),
            Subject::Account(3),
            Subject::Ticket(9),
            Subject::Login("op@x.ru".into()),
            Subject::Provider(2),
            Subject::Message(40),
        ] {
            assert_eq!(subject.to_string().parse::<Subject>(), Ok(subject.clone()));
        }
        assert_eq!(Actor::User(7).to_string(), "user:7");
        assert_eq!(Subject::Account(3).to_string(), "account:3");
    }

    #[test]
    fn anything_else_is_unknown() {
        for raw in ["", "user:", "user:x", "root", "operator:-", "account"] {
            assert_eq!(raw.parse::<Actor>(), Err(UnknownParty), "{raw:?}");
        }
        for raw in ["", "user:x", "login:", "meter:1"] {
            assert_eq!(raw.parse::<Subject>(), Err(UnknownParty), "{raw:?}");
        }
    }
}
