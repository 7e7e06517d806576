use app::settings::Settings;
use server::startup::Application;
use std::sync::Once;

pub struct TestApp {
    pub address: String,
    pub clock: app::server::clock::Clock,
    database_url: String,
    pub client: reqwest::Client,
    pub pool: sqlx::AnyPool,
    /// What server functions see: for calling a service (a background job) directly.
    pub state: app::state::AppState,
    /// Cancelling it shuts the server down gracefully, as SIGTERM does.
    pub shutdown: tokio_util::sync::CancellationToken,
    database: TestDatabase,
}

enum TestDatabase {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres {
        admin_url: String,
        name: String,
    },
    /// Another test app's database: that app cleans it up.
    Borrowed,
}

/// `postgres://postgres@127.0.0.1:5432/test` unless `MOYGAZ_TEST_PG_URL` says otherwise.
pub fn pg_admin_url() -> String {
    std::env::var("MOYGAZ_TEST_PG_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into())
}

pub fn backend() -> &'static str {
    match std::env::var("MOYGAZ_TEST_DB").as_deref() {
        Ok("postgres") => "postgres",
        _ => "sqlite",
    }
}

static INIT: Once = Once::new();
static STATEMENTS: std::sync::OnceLock<server::statement_count::StatementCounter> =
    std::sync::OnceLock::new();

/// The SQL statements each request of every test app ran, by `X-Request-Id`.
pub fn statements() -> &'static server::statement_count::StatementCounter {
    STATEMENTS.get_or_init(Default::default)
}

fn init() {
    INIT.call_once(|| {
        // Static files come from the workspace's build output, wherever cargo runs the test.
        // SAFETY: set once, before any test thread reads the environment.
        unsafe {
            std::env::set_var("LEPTOS_SITE_ROOT", concat!(env!("CARGO_MANIFEST_DIR"), "/../target/site"));
        }
        use tracing_subscriber::prelude::*;
        let log = tracing_subscriber::fmt::layer().with_test_writer().with_filter(
            // `RUST_LOG=sqlx::query=debug` shows every statement a test runs.
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        );
        let _ = tracing_subscriber::registry().with(log).with(statements().layer()).try_init();
        sqlx::any::install_default_drivers();
    });
}

/// Settings for a test: the embedded defaults, port 0, and the given database.
pub fn settings(database_url: &str) -> Settings {
    let mut s = server::config::defaults().expect("default settings parse");
    s.site.addr = "127.0.0.1:0".parse().unwrap();
    s.database.url = app::settings::Secret::new(database_url);
    s.database.max_connections = 5;
    s.site.dev_outbox = true;
    // Tests run the reminders' scheduler themselves, with the clock where they want it.
    s.notifications.scheduler_every_secs = 0;
    s
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(configure: impl FnOnce(&mut Settings)) -> TestApp {
    init();
    let (url, database) = match backend() {
        "postgres" => {
            let admin_url = pg_admin_url();
            let name = format!("moygaz_test_{}", uuid_like());
            let admin =
                sqlx::AnyPool::connect(&admin_url).await.expect("PostgreSQL at MOYGAZ_TEST_PG_URL answers");
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin).await.unwrap();
            admin.close().await;
            let base = admin_url.rsplit_once('/').unwrap().0;
            (format!("{base}/{name}"), TestDatabase::Postgres { admin_url, name })
        }
        _ => {
            let dir = tempfile::tempdir().unwrap();
            let url = format!("sqlite://{}/moygaz.db?mode=rwc", dir.path().display());
            (url, TestDatabase::Sqlite(dir))
        }
    };
    start(&url, database, configure).await
}

/// A second server on an existing test app's database (as behind a load balancer).
pub async fn spawn_app_on(database_url: &str) -> TestApp {
    spawn_app_on_with(database_url, |_| {}).await
}

/// `spawn_app_on` with settings of its own (another instance behind the same proxy).
pub async fn spawn_app_on_with(database_url: &str, configure: impl FnOnce(&mut Settings)) -> TestApp {
    init();
    start(database_url, TestDatabase::Borrowed, configure).await
}

async fn start(url: &str, database: TestDatabase, configure: impl FnOnce(&mut Settings)) -> TestApp {
    let mut settings = settings(url);
    configure(&mut settings);
    let app = Application::build(settings).await.expect("application builds");
    let address = format!("http://{}", app.local_addr());
    let pool = app.state.pool.clone();
    let clock = app.state.clock.clone();
    let state = app.state.clone();
    let shutdown = app.shutdown_token();
    tokio::spawn(app.run());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .unwrap();
    TestApp { address, clock, database_url: url.to_owned(), client, pool, state, shutdown, database }
}

pub fn uuid_like() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos();
    format!("{:x}_{:x}", nanos, std::process::id()) + &format!("_{:x}", rand_u32())
}

fn rand_u32() -> u32 {
    use std::hash::{BuildHasher, RandomState};
    RandomState::new().hash_one(std::thread::current().id()) as u32
}

impl TestApp {
    /// The newest message sent to `login`, from the development outbox.
    pub async fn latest_message(&self, login: &str) -> String {
        for _ in 0..50 {
            let res =
                self.client.get(self.url("/dev/outbox/latest")).query(&[("to", login)]).send().await.unwrap();
            if res.status().is_success() {
                let v: serde_json::Value = res.json().await.unwrap();
                return v["text"].as_str().unwrap().to_owned();
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("no message to {login}");
    }

    /// The 6-digit code in the newest message to `login`.
    pub async fn code_for(&self, login: &str) -> String {
        let text = self.latest_message(login).await;
        let digits: Vec<char> = text.chars().collect();
        digits
            .windows(6)
            .map(|w| w.iter().collect::<String>())
            .find(|w| w.chars().all(|c| c.is_ascii_digit()))
            .unwrap_or_else(|| panic!("no code in {text:?}"))
    }

    /// Calls a server function and returns its status and JSON body.
    pub async fn call(
        &self,
        endpoint: &str,
        form: &[(&str, &str)],
    ) -> (reqwest::StatusCode, serde_json::Value) {
        let res = self.post_form(&format!("/api/{endpoint}"), form).await;
        let status = res.status();
        let text = res.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)))
    }

    /// Registers, confirms with the code and returns (the app's client is now signed in).
    pub async fn register_and_confirm(&self, login: &str, password: &str) {
        let (status, body) = self
            .call("auth/register", &[("login", login), ("password", password), ("password_repeat", password)])
            .await;
        assert_eq!(status, reqwest::StatusCode::OK, "{body}");
        let normalised = app::domain::Login::parse(login).unwrap();
        let code = self.code_for(normalised.as_str()).await;
        let (status, body) = self.call("auth/confirm", &[("code", &code)]).await;
        assert_eq!(status, reqwest::StatusCode::OK, "{body}");
    }

    /// Another browser on the same server: its own cookies, so another customer.
    pub fn second_browser(&self) -> TestApp {
        TestApp {
            address: self.address.clone(),
            clock: self.clock.clone(),
            database_url: self.database_url.clone(),
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .cookie_store(true)
                .build()
                .unwrap(),
            pool: self.pool.clone(),
            state: self.state.clone(),
            shutdown: self.shutdown.clone(),
            database: TestDatabase::Borrowed,
        }
    }

    /// Registers, confirms and signs the current consent: a customer ready for the cabinet.
    pub async fn customer(&self, login: &str) {
        self.register_and_confirm(login, "secret12").await;
        let (status, body) = self.call("consent/sign", &[("version", app::consent::VERSION)]).await;
        assert_eq!(status, reqwest::StatusCode::OK, "{body}");
    }

    /// Makes `login` an operator (as `moygaz operator create` does) and signs in with it.
    pub async fn operator(&self, login: &str) {
        let login = app::domain::Login::parse(login).unwrap();
        let password = app::operator::staff::OPERATOR_POLICY.parse("operatorPass12").unwrap();
        app::operator::staff::create_operator(&self.pool, &login, &password, self.clock.now()).await.unwrap();
        let (status, body) =
            self.call("auth/login", &[("login", login.as_str()), ("password", "operatorPass12")]).await;
        assert_eq!(status, reqwest::StatusCode::OK, "{body}");
    }

    /// A demo provider's id (`demo`, `volga`, `ural`, `sever`), as the binding form sends it.
    pub async fn provider_id(&self, code: &str) -> String {
        let (id,): (i64,) = sqlx::query_as("SELECT id FROM providers WHERE code = $1")
            .bind(code)
            .fetch_one(&self.pool)
            .await
            .unwrap();
        id.to_string()
    }

    pub fn database_url(&self) -> String {
        self.database_url.clone()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    /// A server function called the way a browser form does: a same-origin url-encoded POST.
    pub async fn post_form(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .header("Origin", &self.address)
            .header("Accept", "application/json")
            .form(form)
            .send()
            .await
            .unwrap()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let TestDatabase::Postgres { admin_url, name } = &self.database {
            let (admin_url, name) = (admin_url.clone(), name.clone());
            // Drop the test database on a thread of its own: Drop cannot await.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
                rt.block_on(async move {
                    if let Ok(admin) = sqlx::AnyPool::connect(&admin_url).await {
                        let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                            .execute(&admin)
                            .await;
                        admin.close().await;
                    }
                });
            })
            .join();
        }
    }
}
