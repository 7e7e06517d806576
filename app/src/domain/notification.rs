//! What the portal tells customers about, and how: the kinds of notification, the topics a
//! customer switches per channel in the settings, and the channels.

use serde::{Deserialize, Serialize};

/// A kind of notification. Its code is stored with each one (`notifications.kind`) and is
/// part of the key that makes it once per customer and period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    /// The provider's readings window opened and no reading was given for the period.
    WindowOpened,
    /// The window closes within two days and still no reading.
    WindowClosing,
    /// A month's charge was imported from billing (amount, period, due date).
    ChargeNew,
    /// The due date is near and the account still owes.
    PaymentDue,
    PaymentCredited,
    PaymentFailed,
    /// Autopay charges tomorrow (with the sum and a way to skip it).
    AutopaySoon,
    /// An autopay charge and its retry failed: autopay is paused.
    AutopayPaused,
    SupportAnswered,
    PinAnswered,
    /// A login or password change, a reset (always sent, to the login itself).
    Security,
    /// An operator's message to every customer of a supplier.
    Announcement,
}

impl Kind {
    pub const ALL: [Kind; 12] = [
        Kind::WindowOpened,
        Kind::WindowClosing,
        Kind::ChargeNew,
        Kind::PaymentDue,
        Kind::PaymentCredited,
        Kind::PaymentFailed,
        Kind::AutopaySoon,
        Kind::AutopayPaused,
        Kind::SupportAnswered,
        Kind::PinAnswered,
        Kind::Security,
        Kind::Announcement,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Kind::WindowOpened => "window_opened",
            Kind::WindowClosing => "window_closing",
            Kind::ChargeNew => "charge_new",
            Kind::PaymentDue => "payment_due",
            Kind::PaymentCredited => "payment_credited",
            Kind::PaymentFailed => "payment_failed",
            Kind::AutopaySoon => "autopay_soon",
            Kind::AutopayPaused => "autopay_paused",
            Kind::SupportAnswered => "support_answered",
            Kind::PinAnswered => "pin_answered",
            Kind::Security => "security",
            Kind::Announcement => "announcement",
        }
    }

    pub fn from_code(code: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn topic(self) -> Topic {
        match self {
            Kind::WindowOpened | Kind::WindowClosing => Topic::Readings,
            Kind::ChargeNew | Kind::PaymentDue => Topic::Bills,
            Kind::PaymentCredited | Kind::PaymentFailed | Kind::AutopaySoon | Kind::AutopayPaused => {
                Topic::Payments
            }
            Kind::SupportAnswered | Kind::PinAnswered => Topic::Answers,
            Kind::Security => Topic::Security,
            Kind::Announcement => Topic::Announcements,
        }
    }
}

/// What a customer turns on or off per channel (a row of the settings table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Topic {
    Readings,
    /// New charges and the reminder before their due date.
    Bills,
    Payments,
    /// The supplier's announcements: planned works, tariff changes.
    Announcements,
    /// Answers of support and to PIN requests: they go to the contact the customer asked
    /// from, always.
    Answers,
    /// Changes of the login or password: always to the login, so an intruder cannot mute them.
    Security,
}

impl Topic {
    pub const ALL: [Topic; 6] = [
        Topic::Readings,
        Topic::Bills,
        Topic::Payments,
        Topic::Announcements,
        Topic::Answers,
        Topic::Security,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Topic::Readings => "readings",
            Topic::Bills => "bills",
            Topic::Payments => "payments",
            Topic::Announcements => "announcements",
            Topic::Answers => "answers",
            Topic::Security => "security",
        }
    }

    pub fn from_code(code: &str) -> Option<Topic> {
        Topic::ALL.into_iter().find(|t| t.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Topic::Readings => "Приём показаний",
            Topic::Bills => "Начисления и срок оплаты",
            Topic::Payments => "Платежи",
            Topic::Announcements => "Плановые работы и тарифы",
            Topic::Answers => "Ответы поддержки и на запросы PIN-кода",
            Topic::Security => "Вход и пароль",
        }
    }

    /// Whether the customer chooses its channels. Answers and security notices go to the
    /// customer's own contact whatever the settings say.
    pub fn is_optional(self) -> bool {
        matches!(self, Topic::Readings | Topic::Bills | Topic::Payments | Topic::Announcements)
    }
}

/// A way out besides the list in the cabinet (which always holds every notification).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Channel {
    Email,
    Sms,
    /// Web Push to the browsers (and the installed app) the customer enabled it in.
    Push,
}

impl Channel {
    pub const ALL: [Channel; 3] = [Channel::Email, Channel::Sms, Channel::Push];

    pub fn code(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
            Channel::Push => "push",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Channel::Email => "Эл. почта",
            Channel::Sms => "SMS",
            Channel::Push => "Браузер",
        }
    }

    /// What a customer who never chose gets: e-mail, and push in the browsers they enabled
    /// it in, but no SMS (an SMS costs the supplier money, and it wakes people).
    pub fn on_by_default(self) -> bool {
        matches!(self, Channel::Email | Channel::Push)
    }

    /// Whether it waits out the quiet hours (22:00–08:00 Moscow time): a phone that buzzes.
    pub fn keeps_quiet_hours(self) -> bool {
        matches!(self, Channel::Sms | Channel::Push)
    }
}

/// The settings form's name of one switch: `readings.email`.
pub fn switch_name(topic: Topic, channel: Channel) -> String {
    format!("{}.{}", topic.code(), channel.code())
}

/// `readings.email` → the switch, for optional topics only.
pub fn parse_switch(name: &str) -> Option<(Topic, Channel)> {
    let (topic, channel) = name.split_once('.')?;
    let topic = Topic::from_code(topic).filter(|t| t.is_optional())?;
    let channel = Channel::ALL.into_iter().find(|c| c.code() == channel)?;
    Some((topic, channel))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for kind in Kind::ALL {
            assert_eq!(Kind::from_code(kind.code()), Some(kind));
        }
        for topic in Topic::ALL {
            assert_eq!(Topic::from_code(topic.code()), Some(topic));
        }
        assert_eq!(Kind::from_code("spam"), None);
    }

    #[test]
    fn only_optional_topics_have_switches() {
        assert_eq!(parse_switch("readings.email"), Some((Topic::Readings, Channel::Email)));
        assert_eq!(parse_switch("payments.sms"), Some((Topic::Payments, Channel::Sms)));
        assert_eq!(parse_switch("readings.push"), Some((Topic::Readings, Channel::Push)));
        assert_eq!(parse_switch("bills.email"), Some((Topic::Bills, Channel::Email)));
        assert_eq!(
            parse_switch(&switch_name(Topic::Payments, Channel::Sms)),
            Some((Topic::Payments, Channel::Sms))
        );
        assert_eq!(parse_switch("security.email"), None);
        assert_eq!(parse_switch("answers.sms"), None);
        assert_eq!(parse_switch("readings.fax"), None);
        assert_eq!(parse_switch("readings"), None);
    }
}
