//! Gas used month by month, as an SVG bar chart. Rendered on the server with the page, so
//! it shows before (and without) the WASM; a table beside it carries the same numbers for
//! screen readers.

use crate::accounts::model::{MonthRow, month_name, month_short};
use leptos::prelude::*;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 220.0;
const TOP: f64 = 24.0;
const BOTTOM: f64 = 28.0;

#[component]
pub fn ConsumptionChart(months: Vec<MonthRow>) -> impl IntoView {
    let max = months.iter().map(|m| m.consumption_m3).max().unwrap_or(0).max(1) as f64;
    let slot = WIDTH / months.len().max(1) as f64;
    let bar = (slot * 0.62).max(4.0);
    let plot = HEIGHT - TOP - BOTTOM;
    let summary = format!(
        "Потребление газа за {} мес.: {}",
        months.len(),
        months
            .iter()
            .map(|m| format!("{} — {} м³", month_name(&m.period), m.consumption_m3))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let bars = months
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let h = (m.consumption_m3.max(0) as f64 / max * plot).max(1.0);
            let x = i as f64 * slot + (slot - bar) / 2.0;
            let y = TOP + plot - h;
            let cx = x + bar / 2.0;
            view! {
                <g>
                    <rect class="chart-bar" x=fmt(x) y=fmt(y) width=fmt(bar) height=fmt(h) rx="4" />
                    <text class="chart-value" x=fmt(cx) y=fmt(y - 6.0) text-anchor="middle">{m.consumption_m3}</text>
                    <text class="chart-label" x=fmt(cx) y=fmt(HEIGHT - 8.0) text-anchor="middle">{month_short(&m.period)}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <svg class="chart" viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=summary>
            <line class="chart-axis" x1="0" x2=fmt(WIDTH) y1=fmt(TOP + plot) y2=fmt(TOP + plot) />
            {bars}
        </svg>
    }
}

/// One decimal, as `{:.1}` writes it (ties may round the other way: a twentieth of a
/// pixel), by integer arithmetic: the exact float formatter was
/// a fiftieth of the account page's time.
fn fmt(v: f64) -> String {
    let tenths = (v * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    format!("{sign}{}.{}", tenths.abs() / 10, tenths.abs() % 10)
}

#[cfg(test)]
mod tests {
    use super::fmt;

    #[test]
    fn one_decimal_like_the_float_formatter() {
        for v in [0.0, 1.0, 4.07, 17.34, 168.0, 219.96, 640.0, -6.31, 0.04, 99.95001] {
            assert_eq!(fmt(v), format!("{v:.1}"), "{v}");
        }
    }
}
