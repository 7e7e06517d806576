//! Who gets which document, and its figures. A statement needs the customer's extended
//! binding of the account (it shows the owner and the history); a payment certificate
//! needs only that the payment is theirs and credited.

use super::model::{Receipt, Statement, StatementMonth, StatementPayment, StatementReading};
use super::{MAX_STATEMENT_MONTHS, repo};
use crate::accounts::model::Access;
use crate::domain::Kopecks;
use crate::domain::address::mask_address;
use crate::domain::bill::Period;
use crate::domain::time::{date_msk, day_number, days_in_month, format_datetime_msk, month_name};
use crate::error::AppError;
use crate::state::AppState;

/// The months a statement covers: `from` and `to` as `YYYY-MM`, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatementPeriod {
    pub from: Period,
    pub to: Period,
}

impl StatementPeriod {
    /// From the download form; without `from`/`to` the twelve months before this one.
    pub fn parse(
        from: Option<&str>,
        to: Option<&str>,
        today: (i64, u32, u32),
    ) -> Result<StatementPeriod, AppError> {
        let this_month = Period::of(today);
        let month = |raw: Option<&str>, field: &str, default: Period| match raw.map(str::trim) {
            None | Some("") => Ok(default),
            Some(s) => {
                Period::parse(s).ok_or_else(|| AppError::validation(field, "Укажите месяц в виде ГГГГ-ММ"))
            }
        };
        let to = month(to, "to", this_month.previous())?;
        let mut default_from = to;
        for _ in 1..12 {
            default_from = default_from.previous();
        }
        let from = month(from, "from", default_from)?;
        if from > to {
            return Err(AppError::validation("from", "Начало периода позже его конца"));
        }
        if to > this_month {
            return Err(AppError::validation("to", "Период не может кончаться в будущем"));
        }
        if months_between(from, to) > MAX_STATEMENT_MONTHS {
            return Err(AppError::validation(
                "from",
                format!("Выписка охватывает не больше {MAX_STATEMENT_MONTHS} месяцев"),
            ));
        }
        Ok(StatementPeriod { from, to })
    }

    /// `с 01.12.2025 по 30.11.2026`
    pub fn label(&self) -> String {
        format!(
            "с 01.{:02}.{} по {:02}.{:02}.{}",
            self.from.month,
            self.from.year,
            days_in_month(self.to.year, self.to.month),
            self.to.month,
            self.to.year
        )
    }
}

fn months_between(from: Period, to: Period) -> i64 {
    (to.year - from.year) * 12 + i64::from(to.month) - i64::from(from.month) + 1
}

/// `05.12.2026`
fn russian_day(iso: &str) -> String {
    crate::accounts::model::russian_date(iso)
}

pub async fn statement(
    state: &AppState,
    user_id: i64,
    account_id: i64,
    period: StatementPeriod,
) -> Result<Statement, AppError> {
    let account = repo::account(&state.pool, user_id, account_id).await?.ok_or(AppError::NotFound)?;
    if Access::from_db(&account.access) != Access::Extended {
        return Err(AppError::Forbidden);
    }
    let (from, to) = (period.from.to_string(), period.to.to_string());
    let charges = repo::charges_since(&state.pool, account_id, &from).await?;
    let payments = repo::billing_payments_since(&state.pool, account_id, &format!("{from}-01")).await?;
    let readings = repo::readings_between(&state.pool, account_id, &from, &to).await?;
    let tariffs = crate::tariffs::repo::of_account(&state.pool, account_id).await?;
    let now = state.clock.now();

    // Up to the period's last month; what came after it is counted back from today's debt.
    let in_period = |month: Option<Period>| month.is_some_and(|month| month <= period.to);
    let (mut charged, mut paid, mut volume) = (0i64, 0i64, 0i64);
    let (mut charged_after, mut paid_after) = (0i64, 0i64);
    // Each payment's month, worked out once for the monthly sums and the payment lines.
    let payments: Vec<_> = payments.iter().map(|p| (Period::of_day(&p.paid_on), p)).collect();
    let mut months = Vec::new();
    for c in &charges {
        let month = Period::parse(&c.period);
        if !in_period(month) {
            charged_after += c.amount_kopecks;
            continue;
        }
        let paid_in_month: i64 =
            payments.iter().filter(|(paid_in, _)| *paid_in == month).map(|(_, p)| p.amount_kopecks).sum();
        charged += c.amount_kopecks;
        volume += c.consumption_m3;
        months.push(StatementMonth {
            month: month_name(&c.period),
            volume: c.consumption_m3.to_string(),
            charged: Kopecks(c.amount_kopecks).format_rub(),
            paid: Kopecks(paid_in_month).format_rub(),
        });
    }
    let mut payment_lines = Vec::new();
    for &(paid_in, p) in &payments {
        if in_period(paid_in) {
            paid += p.amount_kopecks;
            payment_lines.push(StatementPayment {
                date: russian_day(&p.paid_on),
                amount: Kopecks(p.amount_kopecks).format_rub(),
            });
        } else {
            paid_after += p.amount_kopecks;
        }
    }
    // Today's debt, less what was charged after the period, plus what was paid after it.
    let debt_end = account.debt_kopecks - charged_after + paid_after;
    let debt_start = debt_end - charged + paid;
    let today = day_number(date_msk(now));
    let tariff = tariffs
        .as_ref()
        .and_then(|t| {
            let (price, since, act) = t.on(today)?;
            let metering = if t.metered { "по счётчику" } else { "по нормативу" };
            Some(format!(
                "{} за 1 м³ ({}, {metering}) с {}; {act}",
                Kopecks(price.kopecks_per_m3).format_rub(),
                t.gas_use.label(),
                russian_day(since)
            ))
        })
        .unwrap_or_else(|| "нет данных".into());
    Ok(Statement {
        provider: account.provider,
        number: account.number,
        owner: account.owner_name,
        address: account.address,
        period: period.label(),
        tariff,
        debt_start: Kopecks(debt_start).format_rub(),
        debt_end: Kopecks(debt_end).format_rub(),
        months,
        total_volume: volume.to_string(),
        total_charged: Kopecks(charged).format_rub(),
        total_paid: Kopecks(paid).format_rub(),
        payments: payment_lines,
        readings: readings
            .into_iter()
            .map(|r| StatementReading {
                month: month_name(&r.period),
                meter: format!("№ {}", r.serial),
                source: if r.source == "portal" { "через портал" } else { "биллинг" }.into(),
                value: r.value.to_string(),
            })
            .collect(),
        generated: format_datetime_msk(now),
        footer: footer(),
    })
}

pub async fn receipt(state: &AppState, user_id: i64, public_id: &str) -> Result<Receipt, AppError> {
    let row = repo::receipt(&state.pool, user_id, public_id).await?.ok_or(AppError::NotFound)?;
    let credited_at = match (row.status.as_str(), row.credited_at) {
        ("succeeded", Some(at)) => at,
        _ => return Err(AppError::validation("payment", "Справка будет, когда платёж зачислят")),
    };
    let extended = row.access.as_deref().map(Access::from_db) == Some(Access::Extended);
    let purpose = match row.purpose.as_str() {
        "debt" => "оплата газа по текущему долгу",
        _ => "оплата газа, сумма по выбору плательщика",
    };
    Ok(Receipt {
        provider: row.provider,
        number: row.number,
        address: if extended { row.address } else { mask_address(&row.address) },
        purpose: purpose.into(),
        amount: Kopecks(row.amount_kopecks).format_rub(),
        paid_at: format_datetime_msk(credited_at),
        payment: public_id.to_owned(),
        acquirer_id: row.acquirer_id.unwrap_or_else(|| "—".into()),
        acquirer: match row.acquirer.as_str() {
            "yookassa" => "банковская карта или СБП через ЮKassa".into(),
            "sandbox" => "тестовая оплата (демонстрационный режим)".into(),
            other => other.to_owned(),
        },
        generated: format_datetime_msk(state.clock.now()),
        footer: footer(),
    })
}

fn footer() -> String {
    format!("ЛК - Мой ГАЗ - версия {}", crate::VERSION)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: (i64, u32, u32) = (2026, 12, 5);

    #[test]
    fn the_default_period_is_the_twelve_months_before_this_one() {
        let p = StatementPeriod::parse(None, None, TODAY).unwrap();
        assert_eq!((p.from.to_string(), p.to.to_string()), ("2025-12".into(), "2026-11".into()));
        assert_eq!(p.label(), "с 01.12.2025 по 30.11.2026");
        let p = StatementPeriod::parse(Some("2026-02"), Some("2026-02"), TODAY).unwrap();
        assert_eq!(p.label(), "с 01.02.2026 по 28.02.2026");
    }

    #[test]
    fn a_wrong_period_is_refused_with_the_field() {
        let field = |r: Result<StatementPeriod, AppError>| match r {
            Err(AppError::Validation { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(field(StatementPeriod::parse(Some("2026-13"), None, TODAY)), "from");
        assert_eq!(field(StatementPeriod::parse(Some("2026-10"), Some("2026-09"), TODAY)), "from");
        assert_eq!(field(StatementPeriod::parse(None, Some("2027-01"), TODAY)), "to");
        assert_eq!(field(StatementPeriod::parse(Some("2020-01"), Some("2026-11"), TODAY)), "from");
        assert!(StatementPeriod::parse(Some("2023-12"), Some("2026-11"), TODAY).is_ok(), "36 months");
    }
}
