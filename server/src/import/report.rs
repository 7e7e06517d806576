//! What an import tells the administrator: the rows it refused, or what it did and how fast.

use std::fmt;
use std::time::Duration;

/// Reports stop listing after this many rows (a wrong file can have a million bad rows);
/// the count still covers them all.
const MAX_LISTED: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// The line of the file the row starts on (the header is line 1); 0 for the file itself.
    pub line: u64,
    pub message: String,
}

/// The file was refused: nothing of it was written.
#[derive(Debug, Clone)]
pub struct Report {
    pub file: String,
    pub errors: Vec<RowError>,
    pub total: u64,
}

impl Report {
    pub fn new(file: String) -> Report {
        Report { file, errors: Vec::new(), total: 0 }
    }

    pub fn add(&mut self, line: u64, message: impl Into<String>) {
        self.total += 1;
        if self.errors.len() < MAX_LISTED {
            self.errors.push(RowError { line, message: message.into() });
        }
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    pub fn lines(&self) -> Vec<u64> {
        self.errors.iter().map(|e| e.line).collect()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "файл {} не импортирован, в базе ничего не изменилось; ошибок: {}", self.file, self.total)?;
        for e in &self.errors {
            if e.line == 0 {
                write!(f, "\n  {}", e.message)?;
            } else {
                write!(f, "\n  строка {}: {}", e.line, e.message)?;
            }
        }
        let unlisted = self.total - self.errors.len() as u64;
        if unlisted > 0 {
            write!(f, "\n  … и ещё ошибок: {unlisted}")?;
        }
        Ok(())
    }
}

/// What a successful import did.
#[derive(Debug, Clone)]
pub struct Summary {
    pub what: &'static str,
    pub file: String,
    pub rows: u64,
    pub elapsed: Duration,
}

impl Summary {
    pub fn rows_per_second(&self) -> f64 {
        self.rows as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = format!("{:.1}", self.elapsed.as_secs_f64()).replace('.', ",");
        write!(
            f,
            "Импорт ({}) из {}: строк {} за {secs} с, {} строк/с",
            self.what,
            self.file,
            group(self.rows),
            group(self.rows_per_second().round() as u64)
        )
    }
}

/// `1 000 000`, grouped as the portal groups sums of money.
fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_list_lines_and_count_the_rest() {
        let mut r = Report::new("a.csv".into());
        for line in 2..(MAX_LISTED as u64 + 12) {
            r.add(line, "плохо");
        }
        let text = r.to_string();
        assert!(
            text.starts_with("файл a.csv не импортирован, в базе ничего не изменилось; ошибок: 210"),
            "{text}"
        );
        assert!(text.contains("\n  строка 2: плохо"));
        assert!(text.ends_with("… и ещё ошибок: 10"), "{text}");
    }

    #[test]
    fn summaries_are_in_russian_with_grouped_digits() {
        let s = Summary {
            what: "лицевые счета",
            file: "a.csv".into(),
            rows: 1_000_000,
            elapsed: Duration::from_millis(40_000),
        };
        assert_eq!(
            s.to_string(),
            "Импорт (лицевые счета) из a.csv: строк 1 000 000 за 40,0 с, 25 000 строк/с"
        );
    }
}
