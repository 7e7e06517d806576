//! `GET /metrics` in the Prometheus text format, for the operators' monitoring only.
//!
//! Counters and histograms are recorded through the `metrics` facade wherever the event
//! happens (HTTP requests here; sign-ins, readings, payments and limit refusals in `app`;
//! deliveries in `crate::delivery`); one process-wide recorder keeps them and this handler
//! renders it. Gauges that describe the database (outbox queue, pool) are read when the
//! endpoint is scraped. Only addresses in `site.metrics_from` (the client after the trusted
//! proxies) may read it; everyone else gets a 404, as if there were nothing here.

use app::server::request::ClientAddr;
use app::state::AppState;
use axum::Extension;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

pub const HTTP_REQUESTS: &str = "moygaz_http_requests_total";
pub const HTTP_SECONDS: &str = "moygaz_http_request_duration_seconds";
pub const OUTBOX_QUEUE: &str = "moygaz_outbox_queue_length";
pub const OUTBOX_OLDEST: &str = "moygaz_outbox_oldest_unsent_age_seconds";
pub const POOL_SIZE: &str = "moygaz_db_pool_connections";
pub const POOL_IDLE: &str = "moygaz_db_pool_idle_connections";

/// Latency buckets, in seconds: a page renders in milliseconds, a sign-in hashes a password
/// (~100 ms), a payment waits for the acquirer (seconds).
const LATENCY_BUCKETS: [f64; 12] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0];

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// The process-wide recorder, installed on first use (the first `Application::build`).
pub fn install() -> &'static PrometheusHandle {
    HANDLE.get_or_init(|| {
        let builder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Full(HTTP_SECONDS.into()), &LATENCY_BUCKETS)
            .expect("the buckets are not empty");
        let handle = match builder.install_recorder() {
            Ok(handle) => handle,
            Err(e) => {
                // Another recorder is global already (an embedding program): render ours,
                // empty, rather than fail the start.
                tracing::warn!(error = %e, "metrics recorder not installed");
                PrometheusBuilder::new().build_recorder().handle()
            }
        };
        describe();
        // Without a scrape the histogram samples would pile up; upkeep folds them in. A
        // thread, not a task: the recorder outlives any one runtime (tests run many).
        let upkeep = handle.clone();
        let _ = std::thread::Builder::new().name("metrics-upkeep".into()).spawn(move || {
            loop {
                std::thread::sleep(Duration::from_secs(5));
                upkeep.run_upkeep();
            }
        });
        handle
    })
}

fn describe() {
    metrics::describe_counter!(HTTP_REQUESTS, "HTTP requests by route template, method and status");
    metrics::describe_histogram!(
        HTTP_SECONDS,
        metrics::Unit::Seconds,
        "HTTP request latency by route template"
    );
    metrics::describe_counter!("moygaz_sign_ins_total", "Sign-in attempts by result (success, failure)");
    metrics::describe_counter!("moygaz_messages_sent_total", "Outbox messages delivered, by channel");
    metrics::describe_counter!("moygaz_messages_failed_total", "Outbox delivery failures, by channel");
    metrics::describe_gauge!(OUTBOX_QUEUE, "Outbox messages not yet sent (and not given up)");
    metrics::describe_gauge!(
        OUTBOX_OLDEST,
        metrics::Unit::Seconds,
        "Age of the oldest unsent outbox message"
    );
    metrics::describe_counter!("moygaz_payments_total", "Payments by status reached (pending = created)");
    metrics::describe_counter!("moygaz_readings_accepted_total", "Meter readings accepted");
    metrics::describe_counter!(
        "moygaz_limit_refusals_total",
        "Tries refused by a database-backed limit, by kind"
    );
    metrics::describe_gauge!(POOL_SIZE, "Database pool: open connections");
    metrics::describe_gauge!(POOL_IDLE, "Database pool: idle connections");
}

/// Counts every request by its route template (`/accounts/{id}`, never the raw path, so a
/// scanner cannot blow up the number of series), method and status, and times it.
pub async fn track(req: Request, next: Next) -> Response {
    let route = req.extensions().get::<MatchedPath>().map(|p| p.as_str().to_owned());
    let method = match *req.method() {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::HEAD => "HEAD",
        _ => "other",
    };
    let started = Instant::now();
    let response = next.run(req).await;
    let route = route.unwrap_or_else(|| "fallback".to_owned());
    let status = response.status().as_u16().to_string();
    metrics::counter!(HTTP_REQUESTS, "route" => route.clone(), "method" => method, "status" => status)
        .increment(1);
    metrics::histogram!(HTTP_SECONDS, "route" => route, "method" => method)
        .record(started.elapsed().as_secs_f64());
    response
}

/// `GET /metrics`: 404 unless the client is in `site.metrics_from`.
pub async fn metrics(State(state): State<AppState>, client: Option<Extension<ClientAddr>>) -> Response {
    let allowed = client.is_some_and(|Extension(ClientAddr(ip))| {
        state.settings.site.metrics_from.iter().any(|net| net.contains(&ip))
    });
    if !allowed {
        return StatusCode::NOT_FOUND.into_response();
    }
    refresh_gauges(&state).await;
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], install().render()).into_response()
}

/// The gauges read from the database; a slow database leaves the last values (a scrape must
/// not hang on it).
async fn refresh_gauges(state: &AppState) {
    metrics::gauge!(POOL_SIZE).set(state.pool.size() as f64);
    metrics::gauge!(POOL_IDLE).set(state.pool.num_idle() as f64);
    let queue = app::server::outbox::backlog(&state.pool);
    match tokio::time::timeout(Duration::from_secs(2), queue).await {
        Ok(Ok((count, oldest))) => {
            metrics::gauge!(OUTBOX_QUEUE).set(count as f64);
            let age = oldest.map(|at| (state.clock.now() - at).max(0)).unwrap_or(0);
            metrics::gauge!(OUTBOX_OLDEST).set(age as f64);
        }
        Ok(Err(e)) => tracing::warn!(error = %e, "metrics: outbox not readable"),
        Err(_) => tracing::warn!("metrics: outbox query timed out"),
    }
}
