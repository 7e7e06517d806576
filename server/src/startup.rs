//! Builds the whole application from `Settings`: database, migrations, demo data, router,
//! listener. Tests call this with port 0 and a database of their own. Also the logging
//! set-up (`log.format`) and graceful shutdown.

use crate::{db, demo, http};
use app::settings::Settings;
use app::state::AppState;
use axum::serve::ListenerExt;
use leptos::config::{LeptosOptions, get_configuration};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

/// How long a shutdown waits for requests in flight, and then for the outbox worker's
/// message, before the process stops anyway (inside Kubernetes' default 30 s).
const SHUTDOWN_GRACE: Duration = Duration::from_secs(20);

/// What is logged when `RUST_LOG` is unset.
pub const DEFAULT_LOG_FILTER: &str = "info,sqlx=warn,tower_http=info";

/// The filter for a `RUST_LOG` value (`None`: unset, or not a valid filter), with
/// axum-login's own events off unless the value names `axum_login`. axum-login reports every
/// failed sign-in (a wrong password, a locked login) as an ERROR (`#[instrument(err)]`), so
/// anyone could fill the log with errors by guessing passwords. Nothing is lost: the sign-in
/// rules count and audit their failures, and a store or database failure is logged where it
/// becomes `AppError::Internal`.
pub fn log_filter(rust_log: Option<&str>) -> tracing_subscriber::EnvFilter {
    use tracing_subscriber::EnvFilter;
    let filter = rust_log
        .and_then(|value| EnvFilter::try_new(value).ok())
        .unwrap_or_else(|| EnvFilter::new(DEFAULT_LOG_FILTER));
    if rust_log.is_some_and(|value| value.contains("axum_login")) {
        return filter;
    }
    match "axum_login=off".parse() {
        Ok(quiet) => filter.add_directive(quiet),
        Err(_) => filter,
    }
}

/// The process's log subscriber: `log.format` text (for a terminal) or JSON lines (one
/// object a line, the request's span and its `request_id` in each), filtered by `RUST_LOG`
/// (`log_filter`).
pub fn log_subscriber<W>(
    format: app::settings::LogFormat,
    writer: W,
) -> Box<dyn tracing::Subscriber + Send + Sync>
where
    W: for<'w> tracing_subscriber::fmt::MakeWriter<'w> + Send + Sync + 'static,
{
    let filter = log_filter(std::env::var("RUST_LOG").ok().as_deref());
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(writer);
    match format {
        app::settings::LogFormat::Text => Box::new(builder.finish()),
        app::settings::LogFormat::Json => Box::new(
            builder.json().flatten_event(true).with_current_span(true).with_span_list(false).finish(),
        ),
    }
}

pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    channels: std::sync::Arc<crate::delivery::Channels>,
    readiness: http::Readiness,
    shutdown: CancellationToken,
    pub state: AppState,
}

impl Application {
    pub async fn build(settings: Settings) -> anyhow::Result<Application> {
        crate::config::ensure_ready(&settings)?;
        let mut channels = crate::delivery::Channels::from_settings(&settings)?;
        let pool = db::connect(settings.database.url.expose(), settings.database.max_connections).await?;
        db::migrate(&pool).await?;
        let vapid = app::notifications::push::vapid_key(
            &pool,
            settings.notifications.vapid_private_key.as_ref().map(|k| k.expose()),
        )
        .await
        .map_err(anyhow::Error::msg)?;
        let vapid_public_key = app::notifications::push::public_key(&vapid);
        channels.push = Some(crate::delivery::push::WebPush::new(
            vapid,
            &settings.notifications.vapid_subject,
            pool.clone(),
            settings.is_production(),
        )?);
        let unsubscribe_key = app::notifications::unsubscribe::UnsubscribeKey::load(&pool).await?;
        channels.unsubscribe =
            Some(crate::delivery::mail::UnsubscribeLinks::new(unsubscribe_key, &settings.site.public_url));
        let channels = std::sync::Arc::new(channels);
        let readiness = http::Readiness::default();
        readiness.set(true);
        http::metrics::install();
        if settings.site.demo_data {
            let loaded = demo::load(&pool).await?;
            if loaded.accounts > 0 {
                tracing::info!(providers = loaded.providers, accounts = loaded.accounts, "demo data loaded");
            }
        }
        let mut leptos_options = leptos_options();
        leptos_options.site_addr = settings.site.addr;
        let listener = TcpListener::bind(settings.site.addr)
            .await
            .map_err(|e| anyhow::anyhow!("не удалось открыть адрес {}: {e}", settings.site.addr))?;
        // The bundle, and the site root's own scripts and pages (`page.js`, the offline page).
        let site_root = std::path::PathBuf::from(&*leptos_options.site_root);
        let pkg_dir = site_root.join(&*leptos_options.site_pkg_dir);
        tokio::task::spawn_blocking(move || {
            let written =
                [pkg_dir, site_root].iter().map(|dir| http::precompress(dir).unwrap_or(0)).sum::<usize>();
            if written > 0 {
                tracing::info!(files = written, "bundle precompressed");
            }
        });
        let state = state_of(settings, pool, leptos_options, vapid_public_key)?;
        let router = http::router(state.clone()).layer(axum::Extension(readiness.clone()));
        Ok(Application { listener, router, channels, readiness, shutdown: CancellationToken::new(), state })
    }

    /// Cancelling it shuts the instance down as SIGTERM or ctrl-c does (tests use it).
    pub fn shutdown_token(&self) -> CancellationToken {
        self.shutdown.clone()
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().expect("a bound listener has an address")
    }

    /// Serves until SIGTERM, ctrl-c or `shutdown_token()`; then stops accepting, lets the
    /// requests in flight and the outbox message being sent finish (for at most
    /// `SHUTDOWN_GRACE` each), closes the pool and returns.
    pub async fn run(self) -> anyhow::Result<()> {
        let stop = self.shutdown.clone();
        let worker = crate::delivery::spawn_worker(
            self.state.pool.clone(),
            self.state.clock.clone(),
            self.channels.clone(),
            self.state.settings.dev_outbox_enabled(),
            stop.clone(),
        );
        spawn_session_cleanup(crate::session_store::DbSessionStore::new(self.state.reads.clone()));
        crate::payments::spawn_recheck(self.state.clone());
        crate::notifications::spawn_scheduler(self.state.clone(), stop.clone());
        tracing::info!(addr = %self.local_addr(), "Мой ГАЗ is serving");
        // Without TCP_NODELAY a body written after its headers waits out the peer's delayed
        // ACK (~40 ms): static files were 30x slower than rendered pages before this.
        let listener = self.listener.tap_io(|tcp| {
            let _ = tcp.set_nodelay(true);
        });
        tokio::spawn({
            let stop = stop.clone();
            async move {
                tokio::select! {
                    _ = shutdown_signal() => stop.cancel(),
                    _ = stop.cancelled() => {}
                }
            }
        });
        let readiness = self.readiness.clone();
        let stopping = async move {
            stop.cancelled().await;
            readiness.set(false);
            tracing::info!("shutting down: no new connections, finishing requests in flight");
        };
        let server = axum::serve(listener, self.router.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(stopping);
        let overdue = async {
            self.shutdown.cancelled().await;
            tokio::time::sleep(SHUTDOWN_GRACE).await;
        };
        let served = tokio::select! {
            served = server.into_future() => served,
            _ = overdue => {
                tracing::warn!("requests still running {SHUTDOWN_GRACE:?} after shutdown began; stopping anyway");
                Ok(())
            }
        };
        // Also when the server failed: the worker must not outlive it.
        self.shutdown.cancel();
        if tokio::time::timeout(SHUTDOWN_GRACE, worker).await.is_err() {
            tracing::warn!("the outbox worker did not finish its message in time");
        }
        self.state.pool.close().await;
        tracing::info!("stopped");
        served.map_err(Into::into)
    }
}

/// What server functions and background jobs reach, on `pool` (`moygaz remind` builds it too).
pub fn state_of(
    settings: Settings,
    pool: sqlx::AnyPool,
    leptos_options: LeptosOptions,
    vapid_public_key: String,
) -> anyhow::Result<AppState> {
    let clock = app::server::clock::Clock::default();
    if let Some(start) = settings.site.clock_start_unix {
        // Browser tests open the readings window without touching the system date.
        tracing::warn!(start, "the portal's clock is set by site.clock_start_unix");
        clock.advance(start - clock.now());
    }
    let acquirer = crate::payments::acquirer(&settings, &pool, &clock)?;
    let reads = app::server::reads::Reads::new(pool.clone(), settings.database.url.expose());
    Ok(AppState::new(app::state::AppParts {
        leptos_options,
        pool,
        reads,
        settings: Arc::new(settings),
        clock,
        acquirer,
        vapid_public_key: vapid_public_key.into(),
    }))
}

/// cargo-leptos passes the site layout in `LEPTOS_*` variables; a plain `cargo run` or a
/// test has none, and gets the same layout from these defaults.
pub fn leptos_options() -> LeptosOptions {
    get_configuration(None).map(|c| c.leptos_options).unwrap_or_else(|_| {
        LeptosOptions::builder()
            .output_name("moygaz")
            .site_root(std::env::var("LEPTOS_SITE_ROOT").unwrap_or_else(|_| "target/site".into()))
            .site_pkg_dir("pkg")
            .build()
    })
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = terminate => {} }
}

fn spawn_session_cleanup(store: crate::session_store::DbSessionStore) {
    let pool = store.pool().clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(600));
        while !pool.is_closed() {
            every.tick().await;
            if let Err(e) = store.delete_expired().await {
                tracing::warn!(error = %e, "could not delete expired sessions");
            }
            let now = time::OffsetDateTime::now_utc().unix_timestamp();
            if let Err(e) = app::server::rate_limit::purge_lapsed(&pool, now).await {
                tracing::warn!(error = %e, "could not delete lapsed limit counts");
            }
        }
    });
}
