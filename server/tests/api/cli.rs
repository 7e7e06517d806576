//! The `moygaz` binary as an administrator runs it.

use std::process::Command;

fn moygaz() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_moygaz"));
    cmd.env_remove("DATABASE_URL").env("RUST_LOG", "error");
    for (key, _) in std::env::vars() {
        if key.starts_with("MOYGAZ_") {
            cmd.env_remove(key);
        }
    }
    cmd
}

#[test]
fn help_lists_the_subcommands() {
    let out = moygaz().arg("--help").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for sub in ["serve", "migrate", "demo", "import", "export"] {
        assert!(text.contains(sub), "{text}");
    }
}

#[test]
fn a_bad_value_stops_the_server_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let out =
        moygaz().current_dir(dir.path()).env("MOYGAZ_SITE__ADDR", "nowhere").arg("serve").output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("site.addr") && err.contains("MOYGAZ_SITE__ADDR"), "{err}");
}

#[test]
fn an_unreachable_database_is_a_clear_message_without_the_password() {
    let dir = tempfile::tempdir().unwrap();
    let out = moygaz()
        .current_dir(dir.path())
        .env("MOYGAZ_DATABASE__URL", "postgres://admin:s3cret@127.0.0.1:1/none")
        .arg("migrate")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("не удалось подключиться к базе данных"), "{err}");
    assert!(!err.contains("s3cret"), "{err}");
}

#[test]
fn an_unreadable_sqlite_file_is_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("broken.db"),
        b"this is not a database, just text that is long enough to be a header",
    )
    .unwrap();
    let out = moygaz()
        .current_dir(dir.path())
        .env("MOYGAZ_DATABASE__URL", "sqlite://broken.db")
        .arg("migrate")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.starts_with("moygaz: "), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn migrate_and_demo_work_on_a_fresh_sqlite_file() {
    let dir = tempfile::tempdir().unwrap();
    let run = |sub: &str| moygaz().current_dir(dir.path()).arg(sub).output().unwrap();
    let out = run("migrate");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(dir.path().join("data/moygaz.db").exists());
    let out = run("demo");
    assert!(String::from_utf8(out.stdout).unwrap().contains("лицевых счетов 5"));
    let out = run("demo");
    assert!(String::from_utf8(out.stdout).unwrap().contains("лицевых счетов 0"));
}

#[test]
fn export_writes_csv_for_billing_and_refuses_a_bad_date() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}/moygaz.db?mode=rwc", dir.path().display());
    let out = moygaz()
        .current_dir(dir.path())
        .env("MOYGAZ_DATABASE__URL", &db)
        .args(["export", "readings", "--since", "2026-11-01"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "provider,account,serial,period,value,accepted_at\n");
    let file = dir.path().join("payments.csv");
    let out = moygaz()
        .current_dir(dir.path())
        .env("MOYGAZ_DATABASE__URL", &db)
        .args(["export", "payments", "--since", "2026-11-01", "--out"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .starts_with("payment_id,provider,account,amount_kopecks,paid_at")
    );
    let out = moygaz()
        .current_dir(dir.path())
        .env("MOYGAZ_DATABASE__URL", &db)
        .args(["export", "payments", "--since", "1 ноября"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8(out.stderr).unwrap().contains("не дата ГГГГ-ММ-ДД"));
}

#[test]
fn check_config_of_the_embedded_default_passes_and_notes_what_production_would_need() {
    let dir = tempfile::tempdir().unwrap();
    let out = moygaz().current_dir(dir.path()).arg("check-config").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(out.status.success(), "{text}{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("[site]") && text.contains("public_url = \"http://127.0.0.1:3000\""), "{text}");
    assert!(text.contains("# режим: local"), "{text}");
    assert!(text.contains("Проблем нет"), "{text}");
    assert!(text.contains("payments.provider"), "{text}");
}

#[test]
fn check_config_names_every_problem_masks_secrets_and_exits_non_zero() {
    let dir = tempfile::tempdir().unwrap();
    let out = moygaz()
        .current_dir(dir.path())
        .env("MOYGAZ_SITE__PUBLIC_URL", "https://lk.example.ru")
        .env("MOYGAZ_DATABASE__URL", "postgres://moygaz:dbPa55word@db.internal/moygaz")
        .env("MOYGAZ_MAIL__SMTP_URL", "smtps://portal:mailPa55@smtp.example.ru:465")
        .env("MOYGAZ_SMS__API_ID", "SMS-API-KEY-42")
        .env("MOYGAZ_PAYMENTS__PROVIDER", "yookassa")
        .env("MOYGAZ_PAYMENTS__SECRET_KEY", "live_YK_s3cret")
        .env("MOYGAZ_SITE__DEV_OUTBOX", "true")
        .arg("check-config")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let (stdout, stderr) = (String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap());
    for named in ["payments.shop_id", "site.demo_data", "site.dev_outbox", "`sms.api_id` задан без"] {
        assert!(stdout.contains(named), "{named} not named in:\n{stdout}");
    }
    assert!(stdout.contains("# режим: production"), "{stdout}");
    assert!(stdout.contains("postgres://moygaz:***@db.internal/moygaz"), "{stdout}");
    for secret in ["dbPa55word", "mailPa55", "SMS-API-KEY-42", "live_YK_s3cret"] {
        assert!(
            !stdout.contains(secret) && !stderr.contains(secret),
            "{secret} printed:\n{stdout}\n{stderr}"
        );
    }
}

#[test]
fn serve_with_an_https_url_and_the_defaults_refuses_while_migrate_runs() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = moygaz()
        .current_dir(dir.path())
        .env("MOYGAZ_SITE__PUBLIC_URL", "https://lk.example.ru")
        .env("MOYGAZ_SITE__ADDR", "127.0.0.1:0")
        .arg("serve")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > std::time::Duration::from_secs(30) {
            let _ = child.kill();
            panic!("a production portal with the demo defaults started");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    for named in ["production", "payments.provider", "site.demo_data", "mail.smtp_url"] {
        assert!(err.contains(named), "{named} not named in: {err}");
    }
    // Only `serve` refuses: an administrator still migrates before fixing the rest.
    let out = moygaz()
        .current_dir(dir.path())
        .env("MOYGAZ_SITE__PUBLIC_URL", "https://lk.example.ru")
        .arg("migrate")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}
