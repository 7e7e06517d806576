//! What the PDF templates read (`server/src/documents/*.typ`): every figure already
//! formatted in Russian, so the templates only lay it out.

use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct Statement {
    pub provider: String,
    pub number: String,
    pub owner: String,
    pub address: String,
    /// `с 01.12.2025 по 30.11.2026`
    pub period: String,
    /// `8,51 ₽ за 1 м³ (отопление …, по счётчику), с 01.07.2025` or `нет данных`
    pub tariff: String,
    pub debt_start: String,
    pub debt_end: String,
    pub months: Vec<StatementMonth>,
    pub total_volume: String,
    pub total_charged: String,
    pub total_paid: String,
    pub payments: Vec<StatementPayment>,
    pub readings: Vec<StatementReading>,
    pub generated: String,
    pub footer: String,
}

#[derive(Debug, Serialize)]
pub struct StatementMonth {
    pub month: String,
    pub volume: String,
    pub charged: String,
    pub paid: String,
}

#[derive(Debug, Serialize)]
pub struct StatementPayment {
    pub date: String,
    pub amount: String,
}

#[derive(Debug, Serialize)]
pub struct StatementReading {
    pub month: String,
    pub meter: String,
    pub source: String,
    pub value: String,
}

#[derive(Debug, Serialize)]
pub struct Receipt {
    pub provider: String,
    pub number: String,
    pub address: String,
    pub purpose: String,
    pub amount: String,
    pub paid_at: String,
    pub payment: String,
    pub acquirer_id: String,
    pub acquirer: String,
    pub generated: String,
    pub footer: String,
}
