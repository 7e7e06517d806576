use crate::helpers::spawn_app;

/// Every demo row, in a stable order: comparing two snapshots shows any change.
async fn snapshot(pool: &sqlx::AnyPool) -> Vec<String> {
    let mut rows = Vec::new();
    for sql in [
        "SELECT code || '|' || name || '|' || region || '|' || CAST(readings_from_day AS TEXT) || '|' || CAST(readings_to_day AS TEXT) FROM providers ORDER BY code",
        "SELECT number || '|' || owner_name || '|' || address || '|' || CAST(debt_kopecks AS TEXT) || '|' || pin_hash FROM accounts ORDER BY provider_id, number",
        "SELECT serial || '|' || verification_due FROM meters ORDER BY serial",
        "SELECT CAST(meter_id AS TEXT) || '|' || period || '|' || CAST(value AS TEXT) FROM meter_readings ORDER BY meter_id, period",
        "SELECT CAST(account_id AS TEXT) || '|' || period || '|' || CAST(amount_kopecks AS TEXT) FROM charges ORDER BY account_id, period",
        "SELECT CAST(account_id AS TEXT) || '|' || external_id || '|' || CAST(amount_kopecks AS TEXT) FROM billing_payments ORDER BY account_id, external_id",
    ] {
        let part: Vec<(String,)> = sqlx::query_as(sql).fetch_all(pool).await.unwrap();
        rows.extend(part.into_iter().map(|r| r.0));
    }
    rows
}

#[tokio::test]
async fn the_seed_account_is_there_as_the_readme_lists_it() {
    let app = spawn_app().await;
    let (owner, address, debt, last_charge, pin_hash, from, to): (String, String, i64, i64, String, i64, i64) = sqlx::query_as(
        "SELECT a.owner_name, a.address, a.debt_kopecks, a.last_charge_kopecks, a.pin_hash, p.readings_from_day, p.readings_to_day \
         FROM accounts a JOIN providers p ON p.id = a.provider_id \
         WHERE p.name = 'Демонстрационный поставщик' AND a.number = '23185952'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(owner, "Иванов Иван Иванович");
    assert_eq!(address, "г. Москва, ул. Ленина, д. 5, кв. 12");
    assert_eq!(debt, 123_456);
    assert_eq!(last_charge, 123_456);
    assert_eq!((from, to), (15, 25));
    assert!(pin_hash.starts_with("$argon2id$"), "PIN stored hashed");
    assert!(!pin_hash.contains("4821"));
    assert!(app::secret_hash::verify(&pin_hash, "4821"));

    let (serial, last): (String, i64) = sqlx::query_as(
        "SELECT m.serial, r.value FROM meters m JOIN accounts a ON a.id = m.account_id \
         JOIN meter_readings r ON r.meter_id = m.id \
         WHERE a.number = '23185952' AND a.owner_name = 'Иванов Иван Иванович' ORDER BY r.period DESC LIMIT 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!((serial.as_str(), last), ("12345678", 1520));

    let (providers,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM providers").fetch_one(&app.pool).await.unwrap();
    assert!(providers >= 3);
    let (accounts,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM accounts").fetch_one(&app.pool).await.unwrap();
    assert!(accounts >= 4);
}

#[tokio::test]
async fn loading_the_demo_data_twice_changes_nothing() {
    let app = spawn_app().await;
    let before = snapshot(&app.pool).await;
    assert!(before.len() > 50, "{}", before.len());
    let again = server::demo::load(&app.pool).await.unwrap();
    assert_eq!(again, server::demo::DemoSummary::default());
    assert_eq!(snapshot(&app.pool).await, before);
}
