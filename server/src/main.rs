use clap::Parser;
use server::cli::{Cli, Command, ExportKind, OperatorAction};
use server::{config, db, demo, export, import, startup::Application};
use std::process::ExitCode;

// See server/Cargo.toml: rendering pages allocates a lot of small, short-lived strings.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    // The configuration first: it says how to log (`log.format`). Its errors go to stderr
    // as every other error of the command line does.
    let result = match config::load(cli.config.as_deref()) {
        Ok(settings) => {
            let subscriber = server::startup::log_subscriber(settings.log.format, std::io::stdout);
            let _ = tracing::subscriber::set_global_default(subscriber);
            run(cli, settings).await
        }
        Err(e) => Err(anyhow::Error::from(e)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // `{:#}` prints the cause chain on one line; no value in it is a secret.
            eprintln!("moygaz: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli, settings: app::settings::Settings) -> anyhow::Result<()> {
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => Application::build(settings).await?.run().await,
        Command::CheckConfig => config::check_config(&settings),
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
        Command::Remind => {
            let pool = db::connect(settings.database.url.expose(), 2).await?;
            db::migrate(&pool).await?;
            // Reminders only queue messages: the VAPID key is the sender's, not needed here.
            let state =
                server::startup::state_of(settings, pool, server::startup::leptos_options(), String::new())?;
            let run = app::notifications::scheduler::run(&state).await?;
            println!("Напоминания: создано {}, сообщений в очереди {}", run.made, run.queued);
            let autopay = app::payments::autopay::scheduler::run(&state).await?;
            println!("Автоплатёж: уведомлений {}, списаний {}", autopay.notices, autopay.charges);
            Ok(())
        }
        Command::Import { kind, file } => {
            let pool = db::connect(settings.database.url.expose(), 2).await?;
            db::migrate(&pool).await?;
            let summary = import::run(&pool, kind, &file).await?;
            println!("{summary}");
            Ok(())
        }
        Command::Export { kind, since, problems, out } => {
            anyhow::ensure!(
                !problems || matches!(kind, ExportKind::Payments),
                "--problems бывает только у export payments"
            );
            let pool = db::connect(settings.database.url.expose(), 2).await?;
            db::migrate(&pool).await?;
            let kind = match kind {
                ExportKind::Payments => export::Kind::Payments,
                ExportKind::Readings => export::Kind::Readings,
            };
            let writer: Box<dyn std::io::Write> = match out {
                Some(path) => Box::new(std::io::BufWriter::new(
                    std::fs::File::create(&path)
                        .map_err(|e| anyhow::anyhow!("не удалось создать {}: {e}", path.display()))?,
                )),
                None => Box::new(std::io::stdout().lock()),
            };
            let rows = if problems {
                export::payment_problems(&pool, since.as_deref(), writer).await?
            } else {
                export::export(&pool, kind, since.as_deref().unwrap_or_default(), writer).await?
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
