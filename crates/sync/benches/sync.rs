//! Sync benchmarks: the figures `make bench` writes to bench/results.json (through
//! scripts/bench-sync.sh, which provides a throwaway PostgreSQL in VONXA_TEST_PG).
//! - sync.push_10k_s: a device pushes its change log to a province on loopback (SQLite),
//!   normalised to 10,000 changes
//! - sync.bytes_per_change: bytes on the wire (both directions, gzip) per pushed change
//! - sync.first_sync_s: a new device pulls a commune of 5,000 households (and their persons,
//!   poverty status, memberships: ~30,000 records; loans do not exist yet)
//! - province.ingest_per_s.{sqlite,postgres}: 200 devices pushing pages of 500 concurrently
//! - province.ingest_vs_bulk_ratio[.postgres]: that rate against a bare bulk insert of the same
//!   rows on the same backend

#[path = "support.rs"]
mod support;

use std::time::Instant;
use support::*;
use vonxa_domain::roles::Role;
use vonxa_province::db::sqlite::SqliteBackend;

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let mut results = serde_json::Map::new();
    rt.block_on(async {
        let dir = tempfile::tempdir().expect("temp dir");

        // A device with a commune of 5,000 households pushes it; a new device pulls it.
        let db = SqliteBackend::open(dir.path().join("push.db")).expect("province");
        let p = serve(db.clone()).await;
        let counter = CountingProxy::start(p.addr).await;
        let a = device();
        a.lock().load_demo(&a.admin, demo(5_000)).expect("demo");
        let n = a.lock().change_counts().expect("counts").pending as f64;
        enrol(&a, &counter.url, &p.db, Role::Admin).await;
        let before = counter.bytes();
        let t = Instant::now();
        let r = vonxa_sync::sync_once(&a.store, &|_| {})
            .await
            .expect("push");
        let push_s = t.elapsed().as_secs_f64();
        assert_eq!(r.accepted as f64, n, "every change accepted");
        let bytes = (counter.bytes() - before) as f64 / n;
        put(&mut results, "sync.push_10k_s", push_s * 10_000.0 / n);
        put(&mut results, "sync.bytes_per_change", bytes);
        eprintln!("push: {n} changes in {push_s:.2} s, {bytes:.1} B/change");

        let b = device();
        enrol(&b, &p.url, &p.db, Role::PointTeller).await;
        let t = Instant::now();
        let r = vonxa_sync::sync_once(&b.store, &|_| {})
            .await
            .expect("first sync");
        let first = t.elapsed().as_secs_f64();
        eprintln!("first sync: {} changes applied in {first:.2} s", r.applied);
        put(&mut results, "sync.first_sync_s", first);

        if std::env::var("VONXA_BENCH_ONLY").as_deref() == Ok("device") {
            return;
        }
        // 200 devices at once, then the bare bulk insert of the same rows.
        let sqlite = SqliteBackend::open(dir.path().join("ingest.db")).expect("province");
        let rate = ingest_rate(sqlite).await;
        let bulk = bulk_sqlite(&dir.path().join("bulk.db"));
        eprintln!("sqlite: ingest {rate:.0}/s, bulk {bulk:.0}/s");
        put(&mut results, "province.ingest_per_s.sqlite", rate);
        put(&mut results, "province.ingest_vs_bulk_ratio", rate / bulk);
        match std::env::var("VONXA_TEST_PG") {
            Ok(url) => {
                let (pg, pg_url) = fresh_pg(&url).await;
                let rate = ingest_rate(pg).await;
                let bulk = bulk_pg(&pg_url).await;
                eprintln!("postgres: ingest {rate:.0}/s, bulk {bulk:.0}/s");
                put(&mut results, "province.ingest_per_s.postgres", rate);
                put(
                    &mut results,
                    "province.ingest_vs_bulk_ratio.postgres",
                    rate / bulk,
                );
            }
            Err(_) => eprintln!("VONXA_TEST_PG unset: PostgreSQL figures skipped"),
        }
    });
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bench/tmp");
    std::fs::create_dir_all(&out).expect("bench/tmp");
    let text = serde_json::to_string_pretty(&results).expect("json");
    std::fs::write(out.join("sync.json"), &text).expect("write results");
    eprintln!("{text}");
}

fn put(m: &mut serde_json::Map<String, serde_json::Value>, k: &str, v: f64) {
    m.insert(k.into(), serde_json::json!((v * 1000.0).round() / 1000.0));
}
