//! The two passes every kind of file goes through: check everything, then write everything.

use super::ImportError;
use super::refs::{self, AccountKey, Context};
use super::report::Report;
use super::row::{AccountRef, FieldResult};
use super::source::{Column, Fields, Source};
use sqlx::{AnyConnection, AnyPool};
use std::collections::HashMap;
use std::hash::Hash;
use std::path::Path;

/// What a row must find in the database.
pub enum Refers<'a> {
    Nothing,
    Provider(&'a str),
    Account(&'a AccountRef),
}

/// One kind of file: its columns, how a row is read and what identifies it.
pub trait Table {
    const COLUMNS: &'static [Column];
    /// Said of two rows with the same key: «повторяет строку 5: {SAME}».
    const SAME: &'static str;
    type Row;
    type Key: Hash + Eq;
    fn parse(f: &Fields) -> FieldResult<Self::Row>;
    fn refers(row: &Self::Row) -> Refers<'_>;
    /// `None` only when the row's provider is unknown (reported already).
    fn key(row: &Self::Row, ctx: &Context) -> Option<Self::Key>;
}

/// A kind whose rows are written in batches as they are read again.
pub trait Upsert: Table {
    /// Rows per call of `write` (see `batch::rows_per_statement`).
    const BATCH: usize;
    async fn write(conn: &mut AnyConnection, rows: &[Self::Row], ctx: &Context) -> sqlx::Result<()>;
}

pub async fn import<T: Upsert>(pool: &AnyPool, path: &Path) -> Result<u64, ImportError> {
    let (rows, ctx) = validate::<T>(pool, path).await?;
    let mut tx = pool.begin().await?;
    let mut source = reopen::<T>(path)?;
    let mut batch = Vec::with_capacity(T::BATCH);
    while let Some(row) = next_row::<T>(&mut source)? {
        batch.push(row);
        if batch.len() == T::BATCH {
            T::write(&mut tx, &batch, &ctx).await?;
            batch.clear();
        }
    }
    if !batch.is_empty() {
        T::write(&mut tx, &batch, &ctx).await?;
    }
    tx.commit().await?;
    Ok(rows)
}

/// The first pass: every row parsed and checked, nothing written. Returns the number of
/// rows and the ids the rows refer to.
pub async fn validate<T: Table>(pool: &AnyPool, path: &Path) -> Result<(u64, Context), ImportError> {
    let mut report = Report::new(path.display().to_string());
    let mut ctx = Context { providers: refs::providers(pool).await?, now: now(), ..Context::default() };
    let mut source = match Source::open(path, T::COLUMNS) {
        Ok(s) => s,
        Err((line, message)) => {
            report.add(line, message);
            return Err(ImportError::Invalid(report));
        }
    };
    let mut seen: HashMap<T::Key, u64> = HashMap::new();
    // Each referenced account: the first line naming it, and how many do.
    let mut wanted: HashMap<AccountKey, (u64, u64)> = HashMap::new();
    let mut rows = 0;
    while let Some(record) = source.next_record() {
        let (line, row) = match record {
            Ok(f) => (f.line, T::parse(&f)),
            Err((line, message)) => (line, Err(message)),
        };
        let row = match row {
            Ok(row) => row,
            Err(message) => {
                report.add(line, message);
                continue;
            }
        };
        rows += 1;
        let provider = match T::refers(&row) {
            Refers::Nothing => None,
            Refers::Provider(code) => Some(code),
            Refers::Account(r) => Some(r.provider.as_str()),
        };
        if let Some(code) = provider.filter(|c| !ctx.providers.contains_key(*c)) {
            report.add(
                line,
                format!("поставщик «{code}» не найден: сначала импортируйте его (import providers)"),
            );
            continue;
        }
        if let Refers::Account(r) = T::refers(&row) {
            let key = ctx.account_key(r).expect("the provider was found above");
            wanted.entry(key).or_insert((line, 0)).1 += 1;
        }
        if let Some(key) = T::key(&row, &ctx)
            && let Some(first) = seen.insert(key, line)
        {
            report.add(line, format!("повторяет строку {first}: {}", T::SAME));
        }
    }
    drop(seen);
    ctx.accounts = refs::accounts(pool, wanted.keys().copied()).await?;
    let code_of: HashMap<i64, &String> = ctx.providers.iter().map(|(code, id)| (*id, code)).collect();
    let mut missing: Vec<_> = wanted.iter().filter(|(k, _)| !ctx.accounts.contains_key(k)).collect();
    missing.sort_by_key(|(_, (line, _))| *line);
    for ((provider, number), (line, count)) in missing {
        let also = if *count > 1 {
            format!(" (строк с этим счётом: {count})")
        } else {
            String::new()
        };
        report.add(
            *line,
            format!(
                "лицевой счёт {number} поставщика «{}» не найден: сначала импортируйте его (import accounts){also}",
                code_of[provider]
            ),
        );
    }
    if report.is_empty() {
        Ok((rows, ctx))
    } else {
        report.errors.sort_by_key(|e| e.line);
        Err(ImportError::Invalid(report))
    }
}

/// Opens the file for the second pass.
pub fn reopen<T: Table>(path: &Path) -> Result<Source, ImportError> {
    Source::open(path, T::COLUMNS).map_err(|(line, m)| changed(line, &m))
}

/// The next row of the second pass. The first pass accepted every row, so a failure here
/// means the file was changed in between.
pub fn next_row<T: Table>(source: &mut Source) -> Result<Option<T::Row>, ImportError> {
    match source.next_record() {
        None => Ok(None),
        Some(Ok(f)) => T::parse(&f).map(Some).map_err(|m| changed(f.line, &m)),
        Some(Err((line, m))) => Err(changed(line, &m)),
    }
}

fn changed(line: u64, message: &str) -> ImportError {
    ImportError::Other(anyhow::anyhow!(
        "файл изменился во время импорта (строка {line}: {message}); ничего не записано, запустите импорт снова"
    ))
}

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}
