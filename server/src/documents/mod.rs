//! PDF documents laid out by Typst (`pdf.rs`): the templates are `*.typ` beside this file,
//! the data comes from `app::statements`.

mod pdf;

use app::error::AppError;

#[derive(Debug, Clone, Copy)]
pub enum Kind {
    Statement,
    Receipt,
}

impl Kind {
    fn template(self) -> &'static str {
        match self {
            Kind::Statement => include_str!("statement.typ"),
            Kind::Receipt => include_str!("receipt.typ"),
        }
    }
}

/// Lays `data` out as a PDF on the blocking pool (a year's statement is tens of
/// milliseconds of CPU: not on the request threads).
pub async fn render<T: serde::Serialize + Send + 'static>(
    kind: Kind,
    data: T,
    today: (i64, u32, u32),
) -> Result<Vec<u8>, AppError> {
    tokio::task::spawn_blocking(move || pdf::render(kind.template(), &data, today))
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "the PDF task failed");
            AppError::Internal
        })?
        .map_err(|e| {
            tracing::error!(error = %e, ?kind, "a PDF could not be laid out");
            AppError::Internal
        })
}

/// For tests and benchmarks: the bytes, synchronously.
pub fn render_now(
    kind: Kind,
    data: &impl serde::Serialize,
    today: (i64, u32, u32),
) -> anyhow::Result<Vec<u8>> {
    pdf::render(kind.template(), data, today)
}
