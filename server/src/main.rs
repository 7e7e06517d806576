use clap::Parser;
use server::cli::{Cli, Command, ExportKind, OperatorAction};
use server::{config, db, demo, export, import, startup::Application};
use std::process::ExitCode;

// See server/Cargo.toml: rendering pages allocates a lot of small, short-lived strings.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,tower_http=info".into()),
        )
        .init();
    let cli = Cli::parse();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // `{:#}` prints the cause chain on one line; no value in it is a secret.
            eprintln!("moygaz: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let settings = config::load(cli.config.as_deref())?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => Application::build(settings).await?.run().await,
        Command::Migrate => {
            let pool = db::connect(settings.database.url.expose(), 2).await?;
            db::migrate(&pool).await?;
            println!("Миграции применены: {}", db::redact(settings.database.url.expose()));
            Ok(())
        }
        Command::Demo => {
            let pool = db::connect(settings.database.url.expose(), 2).await?;
            db::migrate(&pool).await?;
            let s = demo::load(&pool).await?;
            println!("Демо-данные: добавлено поставщиков {}, лицевых счетов {}", s.providers, s.accounts);
            Ok(())
        }
        Command::Import { kind, file } => {
            let pool = db::connect(settings.database.url.expose(), 2).await?;
            db::migrate(&pool).await?;
            let summary = import::run(&pool, kind, &file).await?;
            println!("{summary}");
            Ok(())
        }
        Command::Export { kind, since, out } => {
            let pool = db::connect(settings.database.url.expose(), 2).await?;
            db::migrate(&pool).await?;
            let kind = match kind {
                ExportKind::Payments => export::Kind::Payments,
                ExportKind::Readings => export::Kind::Readings,
            };
            let rows = match out {
                Some(path) => {
                    let file = std::fs::File::create(&path)
                        .map_err(|e| anyhow::anyhow!("не удалось создать {}: {e}", path.display()))?;
                    export::export(&pool, kind, &since, std::io::BufWriter::new(file)).await?
                }
                None => export::export(&pool, kind, &since, std::io::stdout().lock()).await?,
            };
            eprintln!("Выгружено строк: {rows}");
            Ok(())
        }
        Command::Operator { action: OperatorAction::Create { login, password_stdin } } => {
            let pool = db::connect(settings.database.url.expose(), 2).await?;
            db::migrate(&pool).await?;
            server::operators::create(&pool, &login, password_stdin).await
        }
    }
}
