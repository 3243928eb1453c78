//! Store benchmarks: the figures `make bench` writes to bench/results.json.
//! - store.write_p99_ms: one change-logged, durable write (synchronous=FULL, WAL)
//! - store.write_vs_bare_ratio: its mean against a bare durable insert of the same row
//! - search.p99_ms_20k: accent-insensitive household search over 20,000 households, after a
//!   first pass that warms the caches (search.cold_max_ms: the slowest query of that pass)
//! - store.open_ms: unlock with password (Argon2id) + open + migration check, median
//!
//! Criterion also reports the write and the search; the percentiles come from direct samples.

use criterion::Criterion;
use std::time::{Duration, Instant};
use uuid::Uuid;
use vonxa_domain::entity::Op;
use vonxa_domain::reference::Household;
use vonxa_domain::roles::Role;
use vonxa_store::Store;
use vonxa_store::demo::{DemoSpec, generate};
use vonxa_store::users::new_user;

const PW: &str = "mat-khau-bench-1";

fn percentile(samples: &mut [Duration], p: f64) -> f64 {
    samples.sort_unstable();
    let idx = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[idx].as_secs_f64() * 1000.0
}

fn mean_ms(samples: &[Duration]) -> f64 {
    samples.iter().map(Duration::as_secs_f64).sum::<f64>() * 1000.0 / samples.len() as f64
}

fn main() {
    let today = chrono::Local::now().date_naive();
    let mut results = serde_json::Map::new();
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut store, admin) =
        Store::create(dir.path(), new_user("admin", "Admin", Role::Admin), PW).expect("create");
    let spec = DemoSpec {
        seed: 51,
        households: 20_000,
        today,
    };
    store.load_demo(&admin, spec).expect("demo");
    let demo = generate(spec);
    let village = demo.villages[0].clone();

    let household = |code: String| Household {
        kin: Vec::new(),
        id: vonxa_domain::HouseholdId(Uuid::now_v7()),
        customer_code: Some(code),
        village_id: village.id,
        point_id: village.point_id,
        address: Some("Thôn Gò Chè".into()),
        head_person_id: None,
    };

    // Logged, durable writes (after the idle checkpoint the app runs).
    store.checkpoint().expect("checkpoint");
    let n = 1_000;
    let mut logged = Vec::with_capacity(n);
    for i in 0..n {
        let h = household(format!("BW{i:06}"));
        let t = Instant::now();
        store.record(&admin, Op::Insert, h).expect("write");
        logged.push(t.elapsed());
    }
    // Bare durable inserts of the same row shape, same database, same pragmas.
    store.checkpoint().expect("checkpoint");
    let mut bare = Vec::with_capacity(n);
    for i in 0..n {
        let h = household(format!("BB{i:06}"));
        let doc = serde_json::to_string(&h).expect("json");
        let t = Instant::now();
        store
            .connection()
            .execute(
                "INSERT INTO households (id, doc) VALUES (?1, ?2)",
                [h.id.to_string(), doc],
            )
            .expect("bare insert");
        bare.push(t.elapsed());
    }
    let ratio = mean_ms(&logged) / mean_ms(&bare);
    eprintln!(
        "logged p50 {:.3} p99 {:.3} max {:.3} | bare p50 {:.3} p99 {:.3} max {:.3} (ms)",
        percentile(&mut logged, 0.5),
        percentile(&mut logged, 0.99),
        percentile(&mut logged, 1.0),
        percentile(&mut bare, 0.5),
        percentile(&mut bare, 0.99),
        percentile(&mut bare, 1.0)
    );
    results.insert(
        "store.write_p99_ms".into(),
        round(percentile(&mut logged, 0.99)).into(),
    );
    results.insert("store.write_vs_bare_ratio".into(), round(ratio).into());

    // Search over 20,000 households.
    let queries = [
        "nguyen thi",
        "huong",
        "dang",
        "dinh van",
        "tran van binh",
        "le thi hoa",
        "5113001",
        "0510",
        "hre",
        "vo",
    ];
    // The first pass reads the pages from disk into the caches (a search right after the app
    // starts): reported on its own, not mixed into the typing-speed percentile.
    let mut cold = Duration::ZERO;
    for q in queries {
        let t = Instant::now();
        store.search_households(q, 50).expect("search");
        cold = cold.max(t.elapsed());
    }
    results.insert(
        "search.cold_max_ms".into(),
        round(cold.as_secs_f64() * 1000.0).into(),
    );
    let mut searches = Vec::new();
    for round_no in 0..30 {
        for q in queries {
            let t = Instant::now();
            let hits = store.search_households(q, 50).expect("search");
            searches.push(t.elapsed());
            assert!(round_no > 0 || !hits.is_empty() || q == "hre");
        }
    }
    results.insert(
        "search.p99_ms_20k".into(),
        round(percentile(&mut searches, 0.99)).into(),
    );

    // Unlock + open + migration check.
    drop(store);
    let mut opens = Vec::new();
    for _ in 0..7 {
        let t = Instant::now();
        let (s, _) = Store::open(dir.path(), "admin", PW).expect("open");
        opens.push(t.elapsed());
        drop(s);
    }
    results.insert(
        "store.open_ms".into(),
        round(percentile(&mut opens, 0.5)).into(),
    );

    // Criterion's own report of the same operations.
    let (mut store, admin) = Store::open(dir.path(), "admin", PW).expect("open");
    let mut c = Criterion::default()
        .sample_size(30)
        .measurement_time(Duration::from_secs(3))
        .configure_from_args();
    let mut i = 0u64;
    c.bench_function("store/logged_write", |b| {
        b.iter(|| {
            i += 1;
            store
                .record(&admin, Op::Insert, household(format!("CW{i:08}")))
                .expect("write")
        })
    });
    c.bench_function("search/20k/nguyen_thi", |b| {
        b.iter(|| store.search_households("nguyen thi", 50).expect("search"))
    });
    c.final_summary();

    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bench/tmp/store.json");
    std::fs::create_dir_all(out.parent().expect("parent")).expect("bench/tmp");
    std::fs::write(&out, serde_json::to_string_pretty(&results).expect("json"))
        .expect("write results");
    eprintln!("{}", serde_json::to_string_pretty(&results).expect("json"));
}

fn round(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}
