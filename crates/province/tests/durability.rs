//! A push is answered only once its commit is durable: SQLite syncs at every commit
//! (`synchronous=FULL`, WAL) and every PostgreSQL session of the pool commits synchronously,
//! whatever the database's own default says.
#![allow(clippy::unwrap_used)]

mod support;

use vonxa_province::db::postgres::PgBackend;
use vonxa_province::db::sqlite::SqliteBackend;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_syncs_every_commit() {
    let dir = tempfile::tempdir().unwrap();
    let db = SqliteBackend::open(dir.path().join("p.db")).unwrap();
    assert_eq!(
        db.synchronous().await.unwrap(),
        2,
        "PRAGMA synchronous = FULL"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_sessions_commit_synchronously_even_where_the_database_says_off() {
    let Some(url) = support::fresh_pg_url().await else {
        return;
    };
    let (client, conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(conn);
    let name: String = client
        .query_one("SELECT current_database()", &[])
        .await
        .unwrap()
        .get(0);
    // The database's default is off (as an administrator might set it for speed)...
    client
        .batch_execute(&format!(
            "ALTER DATABASE {name} SET synchronous_commit = off"
        ))
        .await
        .unwrap();
    let (plain, conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(conn);
    let default: String = plain
        .query_one("SHOW synchronous_commit", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(
        default, "off",
        "a session of its own gets the database's default"
    );
    // ...and every session of the province's pool (several at once: new connections) is on.
    let db = PgBackend::open(&url).await.unwrap();
    let shown = shown_by_concurrent_sessions(&db).await;
    assert!(shown.iter().all(|s| s == "on"), "{shown:?}");
}

/// `SHOW synchronous_commit` from eight tasks at once (the pool opens sessions for them).
async fn shown_by_concurrent_sessions(db: &PgBackend) -> Vec<String> {
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            db.synchronous_commit().await.unwrap()
        }));
    }
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}
