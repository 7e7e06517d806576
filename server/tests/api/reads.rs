//! The per-view reads (`app::server::reads`): on SQLite they run inline on connections of
//! their own, on PostgreSQL through the pool; both must answer alike.

use crate::helpers::spawn_app;
use app::server::reads::Arg;
use server::db::Backend;

#[derive(sqlx::FromRow, Debug, PartialEq)]
struct Pair {
    text: String,
    number: i64,
    missing: Option<i64>,
}

app::sqlite_row!(Pair { text, number, missing });

#[tokio::test]
async fn parameters_are_bound_by_their_number_wherever_they_stand() {
    let app = spawn_app().await;
    let mut conn = app.state.reads.conn().await.unwrap();
    // `$2` before `$1`, and `$1` twice: SQLite alone would number them by first appearance.
    let rows: Vec<Pair> = conn
        .all(
            "SELECT CAST($2 AS TEXT) AS text, CAST($1 AS BIGINT) + CAST($1 AS BIGINT) AS number, \
             CAST(NULL AS BIGINT) AS missing",
            &[Arg::Int(21), Arg::Text("два")],
        )
        .await
        .unwrap();
    assert_eq!(rows, [Pair { text: "два".into(), number: 42, missing: None }]);
    let none: Option<Pair> = conn
        .optional(
            "SELECT login AS text, id AS number, id AS missing FROM users WHERE login = $1",
            &[Arg::Text("nobody@example.ru")],
        )
        .await
        .unwrap();
    assert_eq!(none, None);
}

#[tokio::test]
async fn they_see_what_was_just_committed_and_cannot_write() {
    let app = spawn_app().await;
    app.customer("reader@example.ru").await;
    let mut conn = app.state.reads.conn().await.unwrap();
    let row: Option<Pair> = conn
        .optional(
            "SELECT login AS text, id AS number, CAST(NULL AS BIGINT) AS missing FROM users WHERE login = $1",
            &[Arg::Text("reader@example.ru")],
        )
        .await
        .unwrap();
    assert_eq!(row.map(|r| r.text).as_deref(), Some("reader@example.ru"));

    if Backend::of_pool(&app.pool) == Backend::Sqlite {
        // Inline connections are query-only: a write there would bypass sqlx's transactions.
        let write: Result<Vec<Pair>, _> = conn
            .all(
                "UPDATE users SET login = 'x' WHERE login = $1 RETURNING login AS text, id AS number, NULL AS missing",
                &[Arg::Text("reader@example.ru")],
            )
            .await;
        assert!(write.is_err(), "an inline connection wrote");
        let (login,): (String,) = sqlx::query_as("SELECT login FROM users WHERE login = 'reader@example.ru'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
        assert_eq!(login, "reader@example.ru");
    }
}
