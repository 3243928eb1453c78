//! Sync benchmarks: the figures `make bench` writes to bench/results.json (through
//! scripts/bench-sync.sh, which provides a throwaway PostgreSQL in VONXA_TEST_PG).
//! - sync.push_10k_s: a device pushes its change log to a province on loopback (SQLite),
//!   normalised to 10,000 changes
//! - sync.bytes_per_change: bytes on the wire (both directions, gzip) per pushed change
//! - sync.first_sync_s: a new device pulls a commune of 5,000 households (and their persons,
//!   poverty status, memberships) and 10,000 loans the province recorded: ~40,000 records
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
        let only = std::env::var("VONXA_BENCH_ONLY").unwrap_or_default();
        if only == "postgres" {
            postgres(&mut results).await;
            return;
        }

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

        // The province records two loans per household (the bank's disbursements).
        let loans = loans_for(&a, 2);
        let res = vonxa_province::admin::import(&p.db, loans)
            .await
            .expect("loans");
        assert!(res.iter().all(|r| r.server_seq.is_some()), "loans accepted");

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
        postgres(&mut results).await;
    });
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bench/tmp");
    std::fs::create_dir_all(&out).expect("bench/tmp");
    let text = serde_json::to_string_pretty(&results).expect("json");
    std::fs::write(out.join("sync.json"), &text).expect("write results");
    eprintln!("{text}");
}

/// The PostgreSQL figures (`VONXA_BENCH_ONLY=postgres` runs only these).
async fn postgres(results: &mut serde_json::Map<String, serde_json::Value>) {
    match std::env::var("VONXA_TEST_PG") {
        Ok(url) => {
            let (pg, pg_url) = fresh_pg(&url).await;
            let rate = ingest_rate(pg).await;
            let bulk = bulk_pg(&pg_url).await;
            eprintln!("postgres: ingest {rate:.0}/s, bulk {bulk:.0}/s");
            put(results, "province.ingest_per_s.postgres", rate);
            put(
                results,
                "province.ingest_vs_bulk_ratio.postgres",
                rate / bulk,
            );
        }
        Err(_) => eprintln!("VONXA_TEST_PG unset: PostgreSQL figures skipped"),
    }
}

/// `per` loans for every household of the device, as the province would import them.
fn loans_for(d: &Dev, per: usize) -> Vec<vonxa_province::db::RefRecord> {
    let s = d.lock();
    let households: Vec<vonxa_domain::reference::Household> =
        vonxa_store::queries::docs(s.connection(), "SELECT doc FROM households", [])
            .expect("households");
    let mut out = Vec::new();
    for (i, h) in households.iter().enumerate() {
        for k in 0..per {
            let principal = 20_000_000 + 1_000_000 * ((i + k) % 80) as i64;
            out.push(vonxa_province::db::RefRecord {
                entity: "loan".into(),
                payload: serde_json::json!({"id": uuid::Uuid::now_v7(),
                    "contractNo": format!("HN-{i:05}-{k}"), "householdId": h.id,
                    "borrowerId": h.head_person_id, "pointId": h.point_id, "groupId": null,
                    "organisationId": null, "programme": if k == 0 { "HN" } else { "NSVSMT" },
                    "principal": principal, "disbursedOn": "2024-03-17",
                    "maturityOn": "2029-03-17", "purpose": "Chăn nuôi bò sinh sản",
                    "rate": 66000, "status": "in_good_standing", "outstanding": principal,
                    "outstandingAsOf": "2026-10-31"}),
            });
        }
    }
    out
}

fn put(m: &mut serde_json::Map<String, serde_json::Value>, k: &str, v: f64) {
    m.insert(k.into(), serde_json::json!((v * 1000.0).round() / 1000.0));
}
