//! `moygaz export payments|readings --since YYYY-MM-DD`: what the portal took, as CSV for
//! the providers' billing systems (columns in `docs/billing-import.md`, "Export").
//! `moygaz export payments --problems [--since …]`: payments needing attention (the acquirer
//! reported another amount or currency; never credited), for the supplier to sort out.

use anyhow::Context;
use app::domain::time::{format_iso_msk, parse_date_msk};
use sqlx::AnyPool;
use std::io::Write;

pub enum Kind {
    Payments,
    Readings,
}

/// Writes the CSV to `out` and returns how many rows it holds.
pub async fn export(pool: &AnyPool, kind: Kind, since: &str, out: impl Write) -> anyhow::Result<usize> {
    let since = parse_date_msk(since).with_context(|| format!("--since: «{since}» — не дата ГГГГ-ММ-ДД"))?;
    let mut csv = csv::Writer::from_writer(out);
    let mut rows = 0;
    match kind {
        Kind::Payments => {
            csv.write_record([
                "payment_id",
                "provider",
                "account",
                "amount_kopecks",
                "paid_at",
                "acquirer",
                "acquirer_payment_id",
            ])?;
            // Only credited payments: billing must count exactly what the portal credited.
            let found: Vec<(String, String, String, i64, i64, String, Option<String>)> = sqlx::query_as(
                "SELECT p.public_id, pr.code, a.number, p.amount_kopecks, p.credited_at, p.acquirer, p.acquirer_id \
                 FROM payments p JOIN accounts a ON a.id = p.account_id JOIN providers pr ON pr.id = a.provider_id \
                 WHERE p.status = 'succeeded' AND p.credited_at >= $1 ORDER BY p.credited_at, p.id",
            )
            .bind(since)
            .fetch_all(pool)
            .await?;
            for (id, provider, account, amount, at, acquirer, acquirer_id) in found {
                csv.write_record([
                    id,
                    provider,
                    account,
                    amount.to_string(),
                    format_iso_msk(at),
                    acquirer,
                    acquirer_id.unwrap_or_default(),
                ])?;
                rows += 1;
            }
        }
        Kind::Readings => {
            csv.write_record(["provider", "account", "serial", "period", "value", "accepted_at"])?;
            let found: Vec<(String, String, String, String, i64, i64)> = sqlx::query_as(
                "SELECT pr.code, a.number, m.serial, r.period, r.value, r.accepted_at \
                 FROM meter_readings r JOIN meters m ON m.id = r.meter_id JOIN accounts a ON a.id = m.account_id \
                 JOIN providers pr ON pr.id = a.provider_id \
                 WHERE r.source = 'portal' AND r.accepted_at >= $1 ORDER BY r.accepted_at, r.id",
            )
            .bind(since)
            .fetch_all(pool)
            .await?;
            for (provider, account, serial, period, value, at) in found {
                csv.write_record([provider, account, serial, period, value.to_string(), format_iso_msk(at)])?;
                rows += 1;
            }
        }
    }
    csv.flush()?;
    Ok(rows)
}

/// Payments needing attention, seen by the portal since `since` (all without it), the
/// oldest first. Writes the CSV to `out` and returns how many rows it holds.
pub async fn payment_problems(pool: &AnyPool, since: Option<&str>, out: impl Write) -> anyhow::Result<usize> {
    let since = match since {
        Some(s) => parse_date_msk(s).with_context(|| format!("--since: «{s}» — не дата ГГГГ-ММ-ДД"))?,
        None => i64::MIN,
    };
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record([
        "payment_id",
        "provider",
        "account",
        "customer_login",
        "amount_kopecks",
        "acquirer_amount",
        "acquirer_currency",
        "created_at",
        "seen_at",
        "acquirer",
        "acquirer_payment_id",
    ])?;
    type Row = (
        String,
        String,
        String,
        Option<String>,
        i64,
        Option<i64>,
        Option<String>,
        i64,
        i64,
        String,
        Option<String>,
    );
    let found: Vec<Row> = sqlx::query_as(
        "SELECT p.public_id, pr.code, a.number, u.login, p.amount_kopecks, p.reported_amount_kopecks, \
                p.reported_currency, p.created_at, COALESCE(p.attention_at, p.updated_at), p.acquirer, p.acquirer_id \
         FROM payments p JOIN accounts a ON a.id = p.account_id JOIN providers pr ON pr.id = a.provider_id \
         LEFT JOIN users u ON u.id = p.user_id \
         WHERE p.status = 'attention' AND COALESCE(p.attention_at, p.updated_at) >= $1 \
         ORDER BY COALESCE(p.attention_at, p.updated_at), p.id",
    )
    .bind(since)
    .fetch_all(pool)
    .await?;
    let rows = found.len();
    for (id, provider, account, login, amount, reported, currency, created, seen, acquirer, acquirer_id) in
        found
    {
        csv.write_record([
            id,
            provider,
            account,
            login.unwrap_or_default(),
            amount.to_string(),
            // In the currency's minor units, as the acquirer reported it.
            reported.map(|r| r.to_string()).unwrap_or_default(),
            currency.unwrap_or_default(),
            format_iso_msk(created),
            format_iso_msk(seen),
            acquirer,
            acquirer_id.unwrap_or_default(),
        ])?;
    }
    csv.flush()?;
    Ok(rows)
}
