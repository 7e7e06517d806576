//! An operator's announcement to every customer of a supplier (planned works, a tariff
//! change): a short title, which is also the e-mail's subject and the push's headline, and
//! a text.

use serde::{Deserialize, Serialize};

pub const TITLE_MAX: usize = 100;
pub const TEXT_MAX: usize = 1000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AnnouncementError {
    #[error("Напишите заголовок")]
    NoTitle,
    #[error("Заголовок — не длиннее 100 символов")]
    LongTitle,
    #[error("Напишите текст сообщения")]
    NoText,
    #[error("Текст — не длиннее 1000 символов")]
    LongText,
}

impl AnnouncementError {
    /// The form field it is about.
    pub fn field(self) -> &'static str {
        match self {
            AnnouncementError::NoTitle | AnnouncementError::LongTitle => "title",
            AnnouncementError::NoText | AnnouncementError::LongText => "text",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Announcement {
    title: String,
    text: String,
}

impl Announcement {
    /// The title on one line (a line break would end an e-mail's subject), both trimmed,
    /// control characters other than line breaks in the text dropped.
    pub fn parse(title: &str, text: &str) -> Result<Announcement, AnnouncementError> {
        let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
        let text: String =
            text.replace("\r\n", "\n").chars().filter(|c| !c.is_control() || *c == '\n').collect();
        let text = text.trim().to_owned();
        match (title.chars().count(), text.chars().count()) {
            (0, _) => Err(AnnouncementError::NoTitle),
            (n, _) if n > TITLE_MAX => Err(AnnouncementError::LongTitle),
            (_, 0) => Err(AnnouncementError::NoText),
            (_, n) if n > TEXT_MAX => Err(AnnouncementError::LongText),
            _ => Ok(Announcement { title, text }),
        }
    }

    pub fn title(&self) -> &str {
        &self.title
    }

    pub fn text(&self) -> &str {
        &self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_on_one_line_and_both_within_limits() {
        let a = Announcement::parse(
            "  Плановые\r\nработы  ",
            " 10 декабря с 9:00 до 17:00\r\nне будет газа. \u{7}",
        )
        .unwrap();
        assert_eq!(a.title(), "Плановые работы");
        assert_eq!(a.text(), "10 декабря с 9:00 до 17:00\nне будет газа.");
        assert_eq!(Announcement::parse(" ", "x"), Err(AnnouncementError::NoTitle));
        assert_eq!(Announcement::parse("x", " \n "), Err(AnnouncementError::NoText));
        assert_eq!(Announcement::parse(&"ж".repeat(101), "x"), Err(AnnouncementError::LongTitle));
        assert!(Announcement::parse(&"ж".repeat(100), &"ж".repeat(1000)).is_ok());
        assert_eq!(Announcement::parse("x", &"ж".repeat(1001)), Err(AnnouncementError::LongText));
        assert_eq!(AnnouncementError::LongText.field(), "text");
    }
}
