//! Builds the whole application from `Settings`: database, migrations, demo data, router,
//! listener. Tests call this with port 0 and a database of their own.

use crate::{db, demo, http};
use app::settings::Settings;
use app::state::AppState;
use axum::serve::ListenerExt;
use leptos::config::{LeptosOptions, get_configuration};
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;

pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    channels: std::sync::Arc<crate::delivery::Channels>,
    pub state: AppState,
}

impl Application {
    pub async fn build(settings: Settings) -> anyhow::Result<Application> {
        let channels = std::sync::Arc::new(crate::delivery::Channels::from_settings(&settings)?);
        let pool = db::connect(settings.database.url.expose(), settings.database.max_connections).await?;
        db::migrate(&pool).await?;
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
        let pkg_dir = std::path::Path::new(&*leptos_options.site_root).join(&*leptos_options.site_pkg_dir);
        tokio::task::spawn_blocking(move || match http::precompress(&pkg_dir) {
            Ok(0) | Err(_) => {}
            Ok(n) => tracing::info!(files = n, "bundle precompressed"),
        });
        let clock = app::server::clock::Clock::default();
        if let Some(start) = settings.site.clock_start_unix {
            // Browser tests open the readings window without touching the system date.
            tracing::warn!(start, "the portal's clock is set by site.clock_start_unix");
            clock.advance(start - clock.now());
        }
        let acquirer = crate::payments::acquirer(&settings, &pool, &clock)?;
        let state = AppState { leptos_options, pool, settings: Arc::new(settings), clock, acquirer };
        Ok(Application { listener, router: http::router(state.clone()), channels, state })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().expect("a bound listener has an address")
    }

    pub async fn run(self) -> anyhow::Result<()> {
        crate::delivery::spawn_worker(
            self.state.pool.clone(),
            self.state.clock.clone(),
            self.channels.clone(),
            self.state.settings.dev_outbox_enabled(),
        );
        spawn_session_cleanup(self.state.pool.clone());
        crate::payments::spawn_recheck(self.state.clone());
        tracing::info!(addr = %self.local_addr(), "Мой ГАЗ is serving");
        // Without TCP_NODELAY a body written after its headers waits out the peer's delayed
        // ACK (~40 ms): static files were 30x slower than rendered pages before this.
        let listener = self.listener.tap_io(|tcp| {
            let _ = tcp.set_nodelay(true);
        });
        axum::serve(listener, self.router.into_make_service_with_connect_info::<SocketAddr>())
            .with_graceful_shutdown(shutdown_signal())
            .await?;
        self.state.pool.close().await;
        Ok(())
    }
}

/// cargo-leptos passes the site layout in `LEPTOS_*` variables; a plain `cargo run` or a
/// test has none, and gets the same layout from these defaults.
fn leptos_options() -> LeptosOptions {
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

fn spawn_session_cleanup(pool: sqlx::AnyPool) {
    let store = crate::session_store::DbSessionStore::new(pool.clone());
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
