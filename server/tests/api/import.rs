//! `moygaz import`: every kind of billing file loads, a second import of the same keys
//! updates instead of adding, and a file with a bad row changes nothing.

use crate::helpers::{TestApp, backend, spawn_app};
use server::import::{self, ImportError, Kind, Summary};
use std::io::Write;

fn file(text: &str) -> tempfile::NamedTempFile {
    let mut f = tempfile::Builder::new().suffix(".csv").tempfile().unwrap();
    f.write_all(text.as_bytes()).unwrap();
    f
}

async fn import_ok(app: &TestApp, kind: Kind, text: &str) -> Summary {
    let f = file(text);
    match import::run(&app.pool, kind, f.path()).await {
        Ok(summary) => summary,
        Err(e) => panic!("{kind:?} on {}: {e:#}", backend()),
    }
}

async fn import_refused(app: &TestApp, kind: Kind, text: &str) -> import::Report {
    let f = file(text);
    match import::run(&app.pool, kind, f.path()).await {
        Err(ImportError::Invalid(report)) => report,
        other => panic!("expected the file to be refused, got {other:?}"),
    }
}

async fn count(app: &TestApp, table: &str) -> i64 {
    let (n,): (i64,) =
        sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&app.pool).await.unwrap();
    n
}

/// Every billing table's row count, to show a refused file left them all as they were.
async fn counts(app: &TestApp) -> Vec<i64> {
    let mut out = Vec::new();
    for t in ["providers", "accounts", "meters", "meter_readings", "charges", "billing_payments"] {
        out.push(count(app, t).await);
    }
    out
}

async fn account(app: &TestApp, provider: &str, number: &str) -> (i64, String, String, i64, Option<i64>) {
    sqlx::query_as(
        "SELECT a.id, a.owner_name, a.address, a.debt_kopecks, a.last_charge_kopecks FROM accounts a \
         JOIN providers p ON p.id = a.provider_id WHERE p.code = $1 AND a.number = $2",
    )
    .bind(provider)
    .bind(number)
    .fetch_one(&app.pool)
    .await
    .unwrap()
}

async fn pin_hash(app: &TestApp, account_id: i64) -> String {
    let (h,): (Option<String>,) = sqlx::query_as("SELECT pin_hash FROM accounts WHERE id = $1")
        .bind(account_id)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    h.unwrap()
}

#[tokio::test]
async fn providers_are_added_and_updated_by_code() {
    let app = spawn_app().await;
    let header = "code,name,region,readings_from_day,readings_to_day\n";
    let s = import_ok(
        &app,
        Kind::Providers,
        &format!("{header}demo,Демо,г. Москва,16,24\ntver,\"ООО «Тверьгаз»\",Тверская область,,\n"),
    )
    .await;
    assert_eq!(s.rows, 2);
    assert_eq!(count(&app, "providers").await, 5);
    import_ok(&app, Kind::Providers, &format!("{header}tver,ООО «Тверьгаз-Расчёт»,Тверская область,10,20\n"))
        .await;
    assert_eq!(count(&app, "providers").await, 5);
    let rows: Vec<(String, String, i64, i64)> = sqlx::query_as(
        "SELECT code, name, readings_from_day, readings_to_day FROM providers WHERE code IN ('demo', 'tver') ORDER BY code",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        rows,
        vec![("demo".into(), "Демо".into(), 16, 24), ("tver".into(), "ООО «Тверьгаз-Расчёт»".into(), 10, 20)]
    );
}

#[tokio::test]
async fn accounts_match_by_provider_and_normalised_number_and_keep_their_pin() {
    let app = spawn_app().await;
    let (seed_id, ..) = account(&app, "demo", "23185952").await;
    let header = "provider,account,owner,address,debt_kopecks,last_charge_kopecks\n";
    let first = format!(
        "{header}demo,023-185952,Иванов Иван Иванович,\"г. Москва, ул. Ленина, д. 5, кв. 12\",5000,4000\n\
         volga,000-777,Новикова Ольга,\"г. Самара, ул. Мичурина, д. 1\",0,\n"
    );
    import_ok(&app, Kind::Accounts, &first).await;
    assert_eq!(count(&app, "accounts").await, 6);
    let seed = account(&app, "demo", "23185952").await;
    assert_eq!((seed.0, seed.3, seed.4), (seed_id, 5000, Some(4000)));
    assert!(
        app::secret_hash::verify(&pin_hash(&app, seed_id).await, "4821"),
        "the PIN is not the accounts file's"
    );

    let again =
        first.replace(",5000,4000", ",-250,4100").replace("Новикова Ольга", "Новикова Ольга Петровна");
    import_ok(&app, Kind::Accounts, &again).await;
    assert_eq!(count(&app, "accounts").await, 6);
    assert_eq!(account(&app, "demo", "23185952").await.3, -250);
    let new = account(&app, "volga", "777").await;
    assert_eq!((new.1.as_str(), new.3, new.4), ("Новикова Ольга Петровна", 0, None));
}

#[tokio::test]
async fn meters_carry_their_verification_date_and_last_billing_reading() {
    let app = spawn_app().await;
    let before = count(&app, "meters").await;
    let readings = count(&app, "meter_readings").await;
    let header = "provider,account,serial,title,digits,verification_due,reading_period,reading_value\n";
    // The second meter was stored as ГР-2019-77415: the new spelling is the same meter.
    let text = format!(
        "{header}demo,023-185952,12345678,,,2030-01-31,2026-11,1600\n\
         demo,45003817,ГР201977415,Газовый котёл,6,,2026-11,8100\n\
         volga,23185952,NEW-1,,,2032-02-29,,\n"
    );
    import_ok(&app, Kind::Meters, &text).await;
    assert_eq!(count(&app, "meters").await, before + 1);
    assert_eq!(count(&app, "meter_readings").await, readings + 2);
    import_ok(&app, Kind::Meters, &text.replace(",1600", ",1610")).await;
    assert_eq!(count(&app, "meters").await, before + 1);
    assert_eq!(count(&app, "meter_readings").await, readings + 2);

    let meter: (String, Option<String>, i64, i64, String) = sqlx::query_as(
        "SELECT m.title, m.verification_due, r.value, m.digits, r.source FROM meters m \
         JOIN meter_readings r ON r.meter_id = m.id WHERE m.serial = '12345678' AND r.period = '2026-11'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(meter, ("Счётчик газа".into(), Some("2030-01-31".into()), 1610, 5, "billing".into()));
    let renamed: (String, i64) =
        sqlx::query_as("SELECT title, digits FROM meters WHERE serial = 'ГР201977415'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(renamed, ("Газовый котёл".into(), 6));
}

#[tokio::test]
async fn charges_and_payments_update_by_month_and_by_payment_id() {
    let app = spawn_app().await;
    let (seed_id, ..) = account(&app, "demo", "23185952").await;
    let (charges, payments) = (count(&app, "charges").await, count(&app, "billing_payments").await);
    let charges_csv = "provider,account,period,amount_kopecks,consumption_m3\n\
                       demo,023-185952,2026-11,160000,180\n\
                       demo,023-185952,2026-10,123000,145\n";
    let payments_csv = "provider,account,external_id,paid_on,amount_kopecks\n\
                        demo,023-185952,PP-1,2026-11-20,123456\n\
                        demo,023-185952,demo-2026-09,2026-10-21,50000\n";
    for _ in 0..2 {
        import_ok(&app, Kind::Charges, charges_csv).await;
        import_ok(&app, Kind::Payments, payments_csv).await;
    }
    assert_eq!(count(&app, "charges").await, charges + 1);
    assert_eq!(count(&app, "billing_payments").await, payments + 1);
    let october: (i64, i64) = sqlx::query_as(
        "SELECT amount_kopecks, consumption_m3 FROM charges WHERE account_id = $1 AND period = '2026-10'",
    )
    .bind(seed_id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(october, (123_000, 145));
    let september: (String, i64) = sqlx::query_as(
        "SELECT paid_on, amount_kopecks FROM billing_payments WHERE account_id = $1 AND external_id = 'demo-2026-09'",
    )
    .bind(seed_id)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(september, ("2026-10-21".into(), 50_000));
}

#[tokio::test]
async fn a_file_with_bad_rows_names_their_lines_and_imports_nothing() {
    let app = spawn_app().await;
    let before = counts(&app).await;
    let text = "provider,account,owner,address,debt_kopecks,last_charge_kopecks\n\
                demo,023-185952,Иванов Иван Иванович,Москва,1,1\n\
                demo,999,Новый,Москва,\"12,50\",\n\
                nowhere,1000,Новый,Москва,0,\n\
                demo,23185952,Повтор,Москва,0,\n\
                demo,1001,Новый\n\
                demo,1002,Новый,Москва,0,\n";
    let report = import_refused(&app, Kind::Accounts, text).await;
    assert_eq!(report.lines(), vec![3, 4, 5, 6], "{report}");
    let shown = report.to_string();
    assert!(shown.contains("строка 3: столбец debt_kopecks: «12,50» — не целое число"), "{shown}");
    assert!(shown.contains("строка 4: поставщик «nowhere» не найден"), "{shown}");
    assert!(shown.contains("строка 5: повторяет строку 2"), "{shown}");
    assert!(shown.contains("строка 6: полей 3"), "{shown}");
    assert_eq!(counts(&app).await, before);
    assert_eq!(account(&app, "demo", "23185952").await.3, 123_456, "the good row was not written either");
}

#[tokio::test]
async fn rows_for_unknown_accounts_and_a_wrong_header_are_refused() {
    let app = spawn_app().await;
    let before = counts(&app).await;
    let text = "provider,account,period,amount_kopecks,consumption_m3\n\
                demo,023-185952,2026-11,100,1\n\
                demo,555,2026-11,100,1\n\
                demo,555,2026-12,100,1\n";
    let report = import_refused(&app, Kind::Charges, text).await;
    assert_eq!(report.lines(), vec![3]);
    assert!(report.to_string().contains("лицевой счёт 555 поставщика «demo» не найден"), "{report}");
    assert!(report.to_string().contains("строк с этим счётом: 2"), "{report}");

    let report = import_refused(&app, Kind::Payments, "provider;account;external_id\n").await;
    assert_eq!(report.lines(), vec![1]);
    assert!(report.to_string().contains("неизвестный столбец"), "{report}");
    assert_eq!(counts(&app).await, before);
}

#[tokio::test]
async fn pins_are_stored_as_argon2id_hashes_that_verify() {
    let app = spawn_app().await;
    let (seed_id, ..) = account(&app, "demo", "23185952").await;
    let (volga_id, ..) = account(&app, "volga", "23185952").await;
    let text = "provider,account,pin\ndemo,023-185952,1111\nvolga,23185952,22 22\n";
    for _ in 0..2 {
        assert_eq!(import_ok(&app, Kind::Pins, text).await.rows, 2);
    }
    for (id, pin) in [(seed_id, "1111"), (volga_id, "2222")] {
        let hash = pin_hash(&app, id).await;
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(!hash.contains(pin));
        assert!(app::secret_hash::verify(&hash, pin));
        assert!(!app::secret_hash::verify(&hash, "4821"));
    }
    assert_eq!(count(&app, "accounts").await, 5);

    let report = import_refused(&app, Kind::Pins, "provider,account,pin\ndemo,45003817,12\n").await;
    assert!(report.to_string().contains("строка 2: столбец pin: PIN-код состоит из 4–8 цифр"), "{report}");
    assert!(!report.to_string().contains("12\n"));
}

#[tokio::test]
async fn the_command_prints_a_summary_or_the_bad_lines_and_fails() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let run = |kind: &str, text: &str| {
        let path = dir.path().join(format!("{kind}.csv"));
        std::fs::write(&path, text).unwrap();
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_moygaz"));
        for (key, _) in std::env::vars() {
            if key.starts_with("MOYGAZ_") {
                cmd.env_remove(key);
            }
        }
        cmd.env_remove("DATABASE_URL")
            .env("RUST_LOG", "error")
            .env("MOYGAZ_DATABASE__URL", app.database_url())
            .current_dir(dir.path())
            .args(["import", kind])
            .arg(&path)
            .output()
            .unwrap()
    };
    let out = run("providers", "code,name,region\nkrasnodar,Кубаньгаз,Краснодарский край\n");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout} {}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("Импорт (поставщики)") && stdout.contains("строк 1 за"), "{stdout}");
    assert!(stdout.contains("строк/с"), "{stdout}");

    let out = run("charges", "provider,account,period,amount_kopecks\nkrasnodar,1,2026-13,5\n");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("не импортирован") && stderr.contains("строка 2: столбец period"), "{stderr}");
    assert_eq!(count(&app, "providers").await, 5);
}

#[tokio::test]
async fn tariffs_load_by_supplier_use_and_date_and_price_the_readings_form_and_the_account_page() {
    let app = spawn_app().await;
    // The demo's own price of heating with a meter, from the demo data.
    app.customer("tariff@example.ru").await;
    let provider = app.provider_id("demo").await;
    let (status, body) = app.call("accounts/bind", &[("provider", &provider), ("number", "23185952")]).await;
    assert_eq!(status, reqwest::StatusCode::OK, "{body}");
    let account = body["account_id"].as_i64().unwrap().to_string();
    let (_, form) = app.call("readings/form", &[("account_id", &account)]).await;
    assert_eq!(form["price_kopecks"], 851, "{form}");

    // A new price from a date in the past applies now; the same file again adds nothing.
    let text = "provider,gas_use,metered,valid_from,kopecks_per_m3,act\n\
                demo,heating,1,2026-07-01,855,\"Постановление РЭК № 42 от 20.06.2026\"\n\
                demo,heating,0,2026-07-01,990,Постановление РЭК № 42 от 20.06.2026\n\
                demo,cooking,1,2026-07-01,1210,Постановление РЭК № 42 от 20.06.2026\n\
                demo,heating,1,2099-07-01,999,Будущий тариф\n";
    let before = count(&app, "tariffs").await;
    assert_eq!(import_ok(&app, Kind::Tariffs, text).await.rows, 4);
    assert_eq!(import_ok(&app, Kind::Tariffs, text).await.rows, 4);
    assert_eq!(count(&app, "tariffs").await, before + 4);
    let (_, form) = app.call("readings/form", &[("account_id", &account)]).await;
    assert_eq!(form["price_kopecks"], 855, "the metered heating price in force today: {form}");

    // The account page states the tariff, and reckons each month of the history with the
    // prices of its days: the demo charged 8,51 ₽ throughout, so from July 2026 on (8,55 ₽)
    // billing "charged otherwise".
    let (_, details) = app.call("accounts/get", &[("account_id", &account)]).await;
    let tariff = &details["tariff"];
    assert_eq!(
        (
            tariff["price"].as_i64(),
            tariff["gas_use"].as_str(),
            tariff["metered"].as_bool(),
            tariff["since"].as_str()
        ),
        (Some(855), Some("Heating"), Some(true), Some("2026-07-01")),
        "{details}"
    );
    assert_eq!(tariff["act"], "Постановление РЭК № 42 от 20.06.2026");
    let (status, body) = app
        .call("accounts/answer", &[("account_id", &account), ("question", "pin"), ("answer", "4821")])
        .await;
    assert_eq!(status, reqwest::StatusCode::OK, "{body}");
    let (_, details) = app.call("accounts/get", &[("account_id", &account)]).await;
    let months = details["extended"]["months"].as_array().unwrap();
    assert_eq!(months.len(), 12, "{details}");
    for m in months {
        let (period, volume) = (m["period"].as_str().unwrap(), m["consumption_m3"].as_i64().unwrap());
        let charged = m["charged"].as_i64().unwrap();
        if period < "2026-07" && charged == volume * 851 {
            let formula = m["reckoning"]["Agrees"].as_str().unwrap_or_default();
            assert!(formula.starts_with(&format!("{volume} м³ × 8,51 ₽ = ")), "{period}: {m}");
        } else if period >= "2026-07" {
            assert_eq!(m["reckoning"]["Differs"]["by_tariff"].as_i64(), Some(volume * 855), "{period}: {m}");
        }
    }

    // Billing says the household cooks with gas: the cooking tariff applies from then on.
    import_ok(
        &app,
        Kind::Accounts,
        "provider,account,owner,address,debt_kopecks,last_charge_kopecks,gas_use\n\
         demo,023-185952,Иванов Иван Иванович,\"г. Москва, ул. Ленина, д. 5, кв. 12\",123456,123456,cooking\n",
    )
    .await;
    let (_, form) = app.call("readings/form", &[("account_id", &account)]).await;
    assert_eq!(form["price_kopecks"], 1210, "{form}");
    let (_, details) = app.call("accounts/get", &[("account_id", &account)]).await;
    assert_eq!(details["tariff"]["gas_use"], "Cooking", "{details}");
    // A file without the column keeps the use billing sent before.
    import_ok(
        &app,
        Kind::Accounts,
        "provider,account,owner,address,debt_kopecks,last_charge_kopecks\n\
         demo,023-185952,Иванов Иван Иванович,\"г. Москва, ул. Ленина, д. 5, кв. 12\",123456,123456\n",
    )
    .await;
    let (_, form) = app.call("readings/form", &[("account_id", &account)]).await;
    assert_eq!(form["price_kopecks"], 1210, "{form}");

    let report = import_refused(
        &app,
        Kind::Tariffs,
        "provider,gas_use,metered,valid_from,kopecks_per_m3,act\n\
         demo,heating,1,2026-07-01,855,А\n\
         demo,heating,1,2026-07-01,856,Б\n\
         nowhere,heating,1,2026-07-01,1,В\n",
    )
    .await;
    assert_eq!(report.lines(), vec![3, 4], "{report}");
}
