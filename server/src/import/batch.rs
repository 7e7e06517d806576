//! Multi-row `INSERT … VALUES (…), (…) … ON CONFLICT … DO UPDATE` statements: one round trip
//! and one index pass per few hundred rows is what makes a million-row import take a minute
//! instead of an hour.
//!
//! The SQL is written here with `$1…$N` rather than through `sqlx::QueryBuilder`: with the
//! `Any` driver `QueryBuilder::push_bind` writes `?`, which PostgreSQL rejects; `$N` is
//! accepted by both backends.

use std::fmt::Write;

/// SQLite's limit on bind parameters per statement (32 766 since 3.32); PostgreSQL allows 65 535.
const MAX_BINDS: usize = 32_766;
/// Beyond a few hundred rows a statement gets no faster, only bigger to parse.
const MAX_ROWS: usize = 500;

/// How many rows of `binds_per_row` parameters one statement carries.
pub const fn rows_per_statement(binds_per_row: usize) -> usize {
    let fit = MAX_BINDS / binds_per_row;
    if fit < MAX_ROWS { fit } else { MAX_ROWS }
}

/// `{head} VALUES ($1, $2, lit), ($3, $4, lit) {tail}`: `row` is one row's tuple with `?`
/// where a parameter goes (`"(?, ?, 'billing')"`); the `?` are numbered in order.
pub fn values_sql(head: &str, row: &str, rows: usize, tail: &str) -> String {
    let mut sql = String::with_capacity(head.len() + tail.len() + rows * (row.len() + 16));
    sql.push_str(head);
    sql.push_str(" VALUES ");
    let mut n = 0;
    for r in 0..rows {
        if r > 0 {
            sql.push_str(", ");
        }
        for c in row.chars() {
            if c == '?' {
                n += 1;
                let _ = write!(sql, "${n}");
            } else {
                sql.push(c);
            }
        }
    }
    sql.push(' ');
    sql.push_str(tail);
    sql
}

/// The statement for full batches, built once, and the one for the shorter last batch.
pub struct Statement {
    head: &'static str,
    row: &'static str,
    tail: &'static str,
    full: String,
    pub rows: usize,
}

impl Statement {
    pub fn new(head: &'static str, row: &'static str, tail: &'static str) -> Statement {
        let rows = rows_per_statement(row.matches('?').count());
        Statement { head, row, tail, full: values_sql(head, row, rows, tail), rows }
    }

    /// The SQL for `n` rows (`n <= self.rows`).
    pub fn sql(&self, n: usize) -> std::borrow::Cow<'_, str> {
        if n == self.rows {
            self.full.as_str().into()
        } else {
            values_sql(self.head, self.row, n, self.tail).into()
        }
    }
}

/// `IN ($from, …)` with `n` parameters numbered from `from`.
pub fn in_list(from: usize, n: usize) -> String {
    let mut sql = String::from("(");
    for i in 0..n {
        if i > 0 {
            sql.push_str(", ");
        }
        let _ = write!(sql, "${}", from + i);
    }
    sql.push(')');
    sql
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_across_rows() {
        let sql = values_sql("INSERT INTO t (a, b, c)", "(?, ?, 'x')", 2, "ON CONFLICT (a) DO NOTHING");
        assert_eq!(
            sql,
            "INSERT INTO t (a, b, c) VALUES ($1, $2, 'x'), ($3, $4, 'x') ON CONFLICT (a) DO NOTHING"
        );
        assert_eq!(in_list(2, 3), "($2, $3, $4)");
    }

    #[test]
    fn statements_stay_under_both_backends_bind_limits() {
        assert_eq!(rows_per_statement(6), 500);
        assert!(rows_per_statement(100) * 100 <= 32_766);
        let s = Statement::new("INSERT INTO t (a)", "(?)", "");
        assert_eq!(s.sql(s.rows), s.full);
        assert!(s.sql(2).ends_with("VALUES ($1), ($2) "));
    }
}
