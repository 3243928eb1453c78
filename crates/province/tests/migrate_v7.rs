//! Migration V7 on a province holding version-6 data (SQLite and PostgreSQL): repeated
//! refusals are folded into one counted row each, in their first order; chunks of photos no
//! check names are dropped, the others kept with no device and a time that starts their expiry.
#![allow(clippy::unwrap_used)]

mod support;

use uuid::Uuid;
use vonxa_domain::DeviceId;
use vonxa_province::Backend;
use vonxa_province::db::postgres::PgBackend;
use vonxa_province::db::sqlite::SqliteBackend;

mod sqlite_migrations {
    refinery::embed_migrations!("../../migrations/province/sqlite");
}
mod pg_migrations {
    refinery::embed_migrations!("../../migrations/province/postgres");
}

const NAMED: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const UNNAMED: &str = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

struct Old {
    check: Uuid,
    change: Uuid,
    other: Uuid,
    device: Uuid,
}

fn old() -> Old {
    Old {
        check: Uuid::now_v7(),
        change: Uuid::now_v7(),
        other: Uuid::now_v7(),
        device: Uuid::now_v7(),
    }
}

/// Version-6 rows, as SQL for both dialects: three refusals of one change, one of another
/// (between them), a named and an unnamed photo's chunk.
fn v6_rows(o: &Old) -> String {
    let refusal = |change: Uuid, at: &str| {
        format!(
            "INSERT INTO refusals (change_id, device_id, user_id, entity, entity_id, body_hash,
                code, received_at)
             VALUES ('{change}', '{}', 'u', 'household', '{}', 'h1', 'unknown_parent', '{at}');",
            o.device,
            Uuid::nil()
        )
    };
    [
        refusal(o.change, "2026-11-01T00:00:00Z"),
        refusal(o.other, "2026-11-01T00:00:01Z"),
        refusal(o.change, "2026-11-02T00:00:00Z"),
        refusal(o.change, "2026-11-03T00:00:00Z"),
        format!(
            "INSERT INTO check_photos (check_id, hash) VALUES ('{}', '{NAMED}');",
            o.check
        ),
    ]
    .join("\n")
}

async fn after_v7<B: Backend>(db: &B, o: &Old) {
    let rows = db.refusals().await.unwrap();
    let dev = DeviceId(o.device);
    assert_eq!(
        rows,
        vec![
            (o.change, dev, "unknown_parent".to_owned()),
            (o.other, dev, "unknown_parent".to_owned())
        ]
    );
    let counts = db.refusal_counts().await.unwrap();
    assert_eq!(
        (
            counts[0].count,
            counts[0].first_at.as_str(),
            counts[0].last_at.as_str()
        ),
        (3, "2026-11-01T00:00:00Z", "2026-11-03T00:00:00Z")
    );
    assert_eq!(counts[1].count, 1);
    assert_eq!(db.blob_held(NAMED.into()).await.unwrap().received, 5);
    assert_eq!(db.blob_held(UNNAMED.into()).await.unwrap().received, 0);
    // Kept chunks expire from the migration on, not from the epoch.
    let now = chrono::Utc::now().timestamp();
    assert_eq!(db.blob_sweep(now - 3600).await.unwrap(), (0, 0));
    assert_eq!(db.blob_sweep(now + 3600).await.unwrap(), (1, 5));
}

#[test]
fn sqlite_v7_folds_refusals_and_drops_unnamed_chunks() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.db");
    let o = old();
    {
        let mut c = rusqlite::Connection::open(&path).unwrap();
        sqlite_migrations::migrations::runner()
            .set_target(refinery::Target::Version(6))
            .run(&mut c)
            .unwrap();
        c.execute_batch(&v6_rows(&o)).unwrap();
        for h in [NAMED, UNNAMED] {
            c.execute(
                "INSERT INTO blob_chunks (hash, at_byte, data) VALUES (?1, 0, x'FFD8FFE000')",
                [h],
            )
            .unwrap();
        }
    }
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let db = SqliteBackend::open(&path).unwrap();
        after_v7(&db, &o).await;
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_v7_folds_refusals_and_drops_unnamed_chunks() {
    let Some(url) = support::fresh_pg_url().await else {
        return;
    };
    let o = old();
    let (mut client, conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
        .await
        .unwrap();
    let conn = tokio::spawn(conn);
    pg_migrations::migrations::runner()
        .set_target(refinery::Target::Version(6))
        .run_async(&mut client)
        .await
        .unwrap();
    client.batch_execute(&v6_rows(&o)).await.unwrap();
    for h in [NAMED, UNNAMED] {
        client
            .execute(
                "INSERT INTO blob_chunks (hash, at_byte, data) VALUES ($1, 0, '\\xFFD8FFE000')",
                &[&h],
            )
            .await
            .unwrap();
    }
    drop(client);
    let _ = conn.await;
    let db = PgBackend::open(&url).await.unwrap();
    after_v7(&db, &o).await;
}
