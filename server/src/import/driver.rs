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
    /// Ids come from `ctx` through [`account_id`] and [`provider_id`], which answer a row the
    /// first pass did not see with an error rather than a panic.
    async fn write(conn: &mut AnyConnection, rows: &[Self::Row], ctx: &Context) -> Result<(), ImportError>;
}

pub async fn import<T: Upsert>(pool: &AnyPool, path: &Path) -> Result<u64, ImportError> {
    let (rows, ctx) = validate::<T>(pool, path).await?;
    write_all::<T>(pool, path, &ctx).await?;
    Ok(rows)
}

/// The second pass: the file read again and written in one transaction. A row that differs
/// from what the first pass checked (the file changed in between) rolls everything back.
pub async fn write_all<T: Upsert>(pool: &AnyPool, path: &Path, ctx: &Context) -> Result<(), ImportError> {
    let mut tx = pool.begin().await?;
    let mut source = reopen::<T>(path)?;
    let mut batch = Vec::with_capacity(T::BATCH);
    while let Some(row) = next_row::<T>(&mut source, ctx)? {
        batch.push(row);
        if batch.len() == T::BATCH {
            T::write(&mut tx, &batch, ctx).await?;
            batch.clear();
        }
    }
    if !batch.is_empty() {
        T::write(&mut tx, &batch, ctx).await?;
    }
    tx.commit().await?;
    Ok(())
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

/// The next row of the second pass. The first pass accepted every row and resolved what
/// each refers to, so a row that fails to parse or names a provider or an account the first
/// pass did not look up means the file was changed in between.
pub fn next_row<T: Table>(source: &mut Source, ctx: &Context) -> Result<Option<T::Row>, ImportError> {
    match source.next_record() {
        None => Ok(None),
        Some(Ok(f)) => {
            let row = T::parse(&f).map_err(|m| changed(f.line, &m))?;
            let unresolved =
                match T::refers(&row) {
                    Refers::Nothing => None,
                    Refers::Provider(code) => (!ctx.providers.contains_key(code))
                        .then(|| format!("поставщик «{code}» не проверялся")),
                    Refers::Account(r) => ctx.account_id(r).is_none().then(|| {
                        format!("лицевой счёт {} поставщика «{}» не проверялся", r.number, r.provider)
                    }),
                };
            match unresolved {
                Some(m) => Err(changed(f.line, &m)),
                None => Ok(Some(row)),
            }
        }
        Some(Err((line, m))) => Err(changed(line, &m)),
    }
}

/// The id of the account a row of the second pass refers to.
pub fn account_id(ctx: &Context, r: &AccountRef) -> Result<i64, ImportError> {
    ctx.account_id(r).ok_or_else(|| {
        changed_unlocated(&format!("лицевой счёт {} поставщика «{}» не проверялся", r.number, r.provider))
    })
}

/// The id of the provider a row of the second pass refers to.
pub fn provider_id(ctx: &Context, code: &str) -> Result<i64, ImportError> {
    ctx.providers
        .get(code)
        .copied()
        .ok_or_else(|| changed_unlocated(&format!("поставщик «{code}» не проверялся")))
}

fn changed(line: u64, message: &str) -> ImportError {
    changed_unlocated(&format!("строка {line}: {message}"))
}

fn changed_unlocated(message: &str) -> ImportError {
    ImportError::Other(anyhow::anyhow!(
        "файл изменился во время импорта ({message}); ничего не записано, запустите импорт снова"
    ))
}

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

#[cfg(test)]
mod tests {
    use super::super::accounts::Accounts;
    use super::super::charges::Charges;
    use super::super::providers::Providers;
    use super::*;

    fn write_file(path: &Path, text: &str) {
        std::fs::write(path, text).unwrap();
    }

    /// The first pass checks one file, the second reads another: the rows it did not check
    /// are an error naming the line, nothing is written, and nothing panics.
    #[tokio::test]
    async fn a_file_changed_between_the_passes_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("db.sqlite").display());
        let pool = crate::db::connect(&url, 2).await.unwrap();
        crate::db::migrate(&pool).await.unwrap();
        let path = dir.path().join("file.csv");
        write_file(&path, "code,name,region\nvolga,Волга,Самара\n");
        import::<Providers>(&pool, &path).await.unwrap();
        write_file(
            &path,
            "provider,account,owner,address,debt_kopecks\nvolga,111,Иванов,ул. Ленина,0\nvolga,222,Петров,ул. Мира,0\n",
        );
        import::<Accounts>(&pool, &path).await.unwrap();

        let charges = "provider,account,period,amount_kopecks,consumption_m3\n";
        write_file(&path, &format!("{charges}volga,111,2026-10,100,1\n"));
        let (rows, ctx) = validate::<Charges>(&pool, &path).await.unwrap();
        assert_eq!(rows, 1);
        for (changed, names) in [
            // An account that exists, but the first pass did not look it up.
            (
                format!("{charges}volga,111,2026-10,100,1\nvolga,222,2026-10,100,1\n"),
                "строка 3: лицевой счёт 222",
            ),
            // A provider the first pass did not see.
            (
                format!("{charges}oka,111,2026-10,100,1\n"),
                "строка 2: лицевой счёт 111 поставщика «oka» не проверялся",
            ),
            // A row that no longer parses.
            (format!("{charges}volga,111,2026-13,100,1\n"), "строка 2: столбец period"),
        ] {
            write_file(&path, &changed);
            let err = write_all::<Charges>(&pool, &path, &ctx).await.unwrap_err();
            let shown = err.to_string();
            assert!(matches!(err, ImportError::Other(_)), "{shown}");
            assert!(shown.starts_with("файл изменился во время импорта"), "{shown}");
            assert!(shown.contains(names), "{shown}");
        }
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM charges").fetch_one(&pool).await.unwrap();
        assert_eq!(n, 0, "nothing of a changed file is written");

        // The lookups the writers use answer an unchecked row with an error too.
        let unseen = AccountRef {
            provider: "volga".into(),
            number: app::domain::AccountNumber::parse("222").unwrap(),
        };
        assert!(account_id(&ctx, &unseen).unwrap_err().to_string().contains("лицевой счёт 222"));
        assert!(provider_id(&ctx, "oka").is_err());
        assert!(provider_id(&ctx, "volga").is_ok());

        // The file as checked still goes in.
        write_file(&path, &format!("{charges}volga,111,2026-10,100,1\n"));
        write_all::<Charges>(&pool, &path, &ctx).await.unwrap();
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM charges").fetch_one(&pool).await.unwrap();
        assert_eq!(n, 1);
    }

    /// Property tests (`proptest`): no row of any kind of file panics its parser, whatever
    /// its fields hold. `scripts/fuzz.sh` runs them with a million cases each.
    mod proptests {
        use super::super::super::meters::Meters;
        use super::super::super::payments::Payments;
        use super::super::super::pins::Pins;
        use super::super::super::source::with_fields;
        use super::*;
        use proptest::prelude::*;

        fn value() -> impl Strategy<Value = String> {
            prop_oneof![
                any::<String>(),
                prop::sample::select(vec![
                    "",
                    "demo",
                    "023-185952",
                    "2026-10",
                    "2026-10-15",
                    "4821",
                    "5",
                    "-5",
                    "99999"
                ])
                .prop_map(str::to_owned),
                "[0-9 \\-.,a-zа-я]{0,16}",
                proptest::collection::vec(any::<char>(), 0..1000).prop_map(String::from_iter),
            ]
        }

        /// The row's verdict: `Err` only for a message that names none of the kind's columns
        /// (the one row-level rule without a column, a providers' reading window, aside).
        fn row_of<T: Table>(values: &[String]) -> Result<(), String> {
            let values: Vec<&str> = values.iter().map(String::as_str).collect();
            match with_fields(T::COLUMNS, &values[..T::COLUMNS.len()], |f| T::parse(f).map(|_| ())) {
                Err(message)
                    if !message.starts_with("столбец ")
                        && !T::COLUMNS.iter().any(|c| message.contains(c.name))
                        && !message.starts_with("приём показаний с ") =>
                {
                    Err(message)
                }
                _ => Ok(()),
            }
        }

        proptest! {
            #[test]
            fn any_row_of_any_kind_parses_or_names_its_column(values in proptest::collection::vec(value(), 8)) {
                let results = [
                    row_of::<Providers>(&values),
                    row_of::<Accounts>(&values),
                    row_of::<Meters>(&values),
                    row_of::<Charges>(&values),
                    row_of::<Payments>(&values),
                    row_of::<Pins>(&values),
                ];
                for message in results.into_iter().filter_map(Result::err) {
                    prop_assert!(false, "a message that names no column: {}", message);
                }
            }
        }
    }
}
