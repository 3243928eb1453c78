//! Set-up for the sync benchmarks: a served province, a byte-counting proxy, devices, the
//! 200-device ingest and the bare bulk inserts it is compared with.

use serde_json::json;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use uuid::Uuid;
use vonxa_domain::entity::{EntityKind, Op};
use vonxa_domain::roles::Role;
use vonxa_domain::user::User;
use vonxa_domain::{ChangeId, DeviceId};
use vonxa_protocol::{EnrolRequest, Outcome, PushChange, PushRequest, Scope};
use vonxa_province::db::postgres::PgBackend;
use vonxa_province::db::sqlite::SqliteBackend;
use vonxa_province::db::{Backend, RefRecord};
use vonxa_province::ratelimit::RateLimiter;
use vonxa_province::{admin, run};
use vonxa_store::Store;
use vonxa_store::demo::{DemoSpec, generate};
use vonxa_store::users::new_user;
use vonxa_sync::client::Encoded;
use vonxa_sync::{Client, SharedStore};

pub struct Served<B> {
    pub url: String,
    pub addr: SocketAddr,
    pub db: B,
}

pub async fn serve<B: Backend>(db: B) -> Served<B> {
    let refs = vonxa_store::demo::reference_records(demo(0).seed);
    admin::import(&db, serde_json::from_value(refs).expect("demo reference"))
        .await
        .expect("import the demo reference");
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let d = db.clone();
    tokio::spawn(async move {
        let never = std::future::pending::<()>();
        run::serve(d, listener, RateLimiter::unlimited(), never)
            .await
            .expect("serve");
    });
    Served {
        url: format!("http://{addr}"),
        addr,
        db,
    }
}

/// Forwards to the province and counts every byte, both ways.
pub struct CountingProxy {
    pub url: String,
    bytes: Arc<AtomicU64>,
}

impl CountingProxy {
    pub async fn start(target: SocketAddr) -> CountingProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let bytes = Arc::new(AtomicU64::new(0));
        let b = bytes.clone();
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let b = b.clone();
                tokio::spawn(async move {
                    let Ok(server) = TcpStream::connect(target).await else {
                        return;
                    };
                    let (mut cr, mut cw) = client.into_split();
                    let (mut sr, mut sw) = server.into_split();
                    let b2 = b.clone();
                    tokio::join!(copy(&mut cr, &mut sw, &b), copy(&mut sr, &mut cw, &b2));
                });
            }
        });
        CountingProxy { url, bytes }
    }

    pub fn bytes(&self) -> u64 {
        self.bytes.load(Ordering::Relaxed)
    }
}

async fn copy(
    from: &mut tokio::net::tcp::OwnedReadHalf,
    to: &mut tokio::net::tcp::OwnedWriteHalf,
    count: &AtomicU64,
) {
    let mut buf = vec![0u8; 64 * 1024];
    while let Ok(n) = from.read(&mut buf).await {
        if n == 0 || to.write_all(&buf[..n]).await.is_err() {
            break;
        }
        count.fetch_add(n as u64, Ordering::Relaxed);
    }
    let _ = to.shutdown().await;
}

pub struct Dev {
    pub _dir: tempfile::TempDir,
    pub store: SharedStore,
    pub admin: User,
}

impl Dev {
    pub fn lock(&self) -> std::sync::MutexGuard<'_, Store> {
        self.store.lock().expect("lock")
    }
}

pub fn device() -> Dev {
    let dir = tempfile::tempdir().expect("dir");
    let (store, admin) = Store::create(
        dir.path(),
        new_user("admin", "Quản trị", Role::Admin),
        "mat-khau-bench-1",
    )
    .expect("store");
    Dev {
        _dir: dir,
        store: Arc::new(Mutex::new(store)),
        admin,
    }
}

pub fn demo(households: usize) -> DemoSpec {
    DemoSpec {
        seed: 51,
        households,
        today: chrono::Local::now().date_naive(),
    }
}

pub async fn enrol<B: Backend>(d: &Dev, url: &str, db: &B, role: Role) {
    let point = generate(demo(1)).point.expect("point").code;
    let code = admin::create_enrol_code(db, Scope::Points { codes: vec![point] }, role)
        .await
        .expect("code");
    vonxa_sync::enrol(&d.store, url, &code, "bench")
        .await
        .expect("enrol");
}

const POINT: &str = "51-21361-01";

/// Offices, a point and a village for the ingest benchmark; returns (point, village).
async fn reference<B: Backend>(db: &B) -> (Uuid, Uuid) {
    let (office, point, village) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let recs = vec![
        RefRecord {
            entity: "office".into(),
            payload: json!({"id": office, "name": "PGD", "provinceCode": "51", "legacyDistrictName": null}),
        },
        RefRecord {
            entity: "point".into(),
            payload: json!({"id": point, "code": POINT, "name": "Điểm", "officeId": office,
                            "venue": "Nhà văn hóa", "sessionDay": 17}),
        },
        RefRecord {
            entity: "village".into(),
            payload: json!({"id": village, "name": "Thôn Gò Chè", "kind": "thon",
                            "communeCode": "21361", "pointId": point}),
        },
    ];
    admin::import(db, recs).await.expect("import");
    (point, village)
}

fn household_change(dev: DeviceId, seq: i64, point: Uuid, village: Uuid) -> PushChange {
    let id = Uuid::now_v7();
    // Customer codes are unique province-wide: the device's random tail and its sequence.
    let tail = dev.0.simple().to_string();
    let code = format!("KH{}{seq:06}", &tail[24..]);
    PushChange {
        change_id: ChangeId(Uuid::now_v7()),
        device_seq: seq,
        device_id: dev,
        user_id: Uuid::now_v7().to_string(),
        entity: EntityKind::Household,
        entity_id: id,
        op: Op::Insert,
        payload: json!({"id": id, "customerCode": code, "villageId": village,
                        "pointId": point, "address": "Số 12, thôn Gò Chè", "headPersonId": null}),
        base_version: 0,
        device_time: chrono::Utc::now().to_rfc3339(),
    }
}

pub const DEVICES: usize = 200;
pub const PAGES: usize = 2;
pub const PER_PAGE: usize = 500;

/// 200 enrolled devices push 2 pages of 500 households each, all at once, over HTTP.
/// Flush the machine's dirty pages before a measurement starts, so that the writeback of the
/// one before (SQLite's files before PostgreSQL's run) is not counted against it.
fn settle() {
    let ok = std::process::Command::new("sync")
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "sync(1)");
}

pub async fn ingest_rate<B: Backend>(db: B) -> f64 {
    let (point, village) = reference(&db).await;
    let p = serve(db.clone()).await;
    let mut work = Vec::new();
    for _ in 0..DEVICES {
        let code = admin::create_enrol_code(
            &db,
            Scope::Points {
                codes: vec![POINT.into()],
            },
            Role::PointTeller,
        )
        .await
        .expect("code");
        let id = DeviceId(Uuid::now_v7());
        let resp = Client::new(&p.url, None)
            .expect("client")
            .enrol(&EnrolRequest {
                code,
                device_id: id,
                label: "bench".into(),
            })
            .await
            .expect("enrol");
        let client = Client::new(&p.url, Some(resp.token)).expect("client");
        // Each device's pages are encoded before the clock starts: that work is the device's.
        let pages: Vec<Encoded> = (0..PAGES)
            .map(|pg| {
                Encoded::of(&PushRequest {
                    replay: false,
                    changes: (0..PER_PAGE)
                        .map(|i| household_change(id, (pg * PER_PAGE + i) as i64, point, village))
                        .collect(),
                })
                .expect("encode")
            })
            .collect();
        work.push((client, pages));
    }
    settle();
    let t = Instant::now();
    let tasks: Vec<_> = work
        .into_iter()
        .map(|(client, pages)| {
            tokio::spawn(async move {
                for page in pages {
                    let r = client.push_encoded(page).await.expect("push");
                    assert!(r.results.iter().all(|r| r.outcome == Outcome::Accepted));
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.expect("task");
    }
    (DEVICES * PAGES * PER_PAGE) as f64 / t.elapsed().as_secs_f64()
}

/// The rows an ingest of `n` households writes, as plain values.
fn bulk_rows(n: usize) -> Vec<[String; 8]> {
    let (point, village, dev) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    (0..n)
        .map(|i| {
            let c = household_change(DeviceId(dev), i as i64, point, village);
            let payload = c.payload.to_string();
            // As the province stores an accepted answer: empty (rebuilt from the seq).
            let result = String::new();
            [
                c.change_id.to_string(),
                c.entity_id.to_string(),
                payload,
                format!("{:064x}", i),
                result,
                c.device_time,
                dev.to_string(),
                c.user_id,
            ]
        })
        .collect()
}

/// Bare inserts of the same rows (changes + records) into a fresh province schema, 1,000 a
/// transaction, prepared statements: no HTTP, no JSON decoding, no lookups, no validation.
pub fn bulk_sqlite(path: &std::path::Path) -> f64 {
    drop(SqliteBackend::open(path).expect("schema"));
    let mut conn = rusqlite::Connection::open(path).expect("open");
    conn.pragma_update(None, "journal_mode", "WAL")
        .expect("wal");
    // The province's own setting (a commit is durable before a push is answered).
    conn.pragma_update(None, "synchronous", "FULL")
        .expect("sync");
    let rows = bulk_rows(DEVICES * PAGES * PER_PAGE);
    settle();
    let t = Instant::now();
    for (pi, chunk) in rows.chunks(1_000).enumerate() {
        let tx = conn.transaction().expect("tx");
        {
            let mut c = tx
                .prepare_cached(
                    "INSERT INTO changes (change_id, seq, device_id, user_id, entity, entity_id, op,
                        payload, body_hash, base_version, device_time, received_at, outcome, code,
                        result, visibility, point_code, group_id)
                     VALUES (?1, ?2, ?3, ?4, 'household', ?5, 'insert', ?6, ?7, 0, ?8, ?8,
                        'accepted', NULL, ?9, 'scoped', ?10, NULL)",
                )
                .expect("prepare");
            let mut e = tx
                .prepare_cached(
                    "INSERT INTO entities (entity_id, entity, version, last_device, point_code,
                        group_id, deleted) VALUES (?1, 'household', ?2, ?3, ?4, NULL, 0)",
                )
                .expect("prepare");
            for (i, r) in chunk.iter().enumerate() {
                let seq = (pi * 1_000 + i + 1) as i64;
                c.execute(rusqlite::params![
                    r[0], seq, r[6], r[7], r[1], r[2], r[3], r[5], r[4], POINT
                ])
                .expect("insert change");
                e.execute(rusqlite::params![r[1], seq, r[6], POINT])
                    .expect("insert record");
            }
        }
        tx.commit().expect("commit");
    }
    rows.len() as f64 / t.elapsed().as_secs_f64()
}

/// A fresh database on the server at `base`; returns the backend and its URL.
pub async fn fresh_pg(base: &str) -> (PgBackend, String) {
    let (client, conn) = tokio_postgres::connect(base, tokio_postgres::NoTls)
        .await
        .expect("connect");
    tokio::spawn(conn);
    let name = format!("vonxa_bench_{}", Uuid::now_v7().simple());
    client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .await
        .expect("create database");
    let i = base.rfind('/').expect("database in URL");
    let url = format!("{}/{name}", &base[..i]);
    (PgBackend::open(&url).await.expect("backend"), url)
}

/// The bare bulk insert on PostgreSQL: a fresh database, `unnest` arrays, 1,000 a transaction.
pub async fn bulk_pg(base: &str) -> f64 {
    let (_, url) = fresh_pg(base).await;
    let (mut client, conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
        .await
        .expect("connect");
    tokio::spawn(conn);
    let rows = bulk_rows(DEVICES * PAGES * PER_PAGE);
    settle();
    let t = Instant::now();
    for (pi, chunk) in rows.chunks(1_000).enumerate() {
        let col = |k: usize| chunk.iter().map(|r| r[k].clone()).collect::<Vec<String>>();
        let uuids = |k: usize| {
            chunk
                .iter()
                .map(|r| r[k].parse::<Uuid>().expect("uuid"))
                .collect::<Vec<Uuid>>()
        };
        let seqs: Vec<i64> = (0..chunk.len())
            .map(|i| (pi * 1_000 + i + 1) as i64)
            .collect();
        let tx = client.transaction().await.expect("tx");
        tx.execute(
            "INSERT INTO changes (change_id, seq, device_id, user_id, entity, entity_id, op, payload,
                body_hash, base_version, device_time, received_at, outcome, code, result,
                visibility, point_code, group_id)
             SELECT c, s, d, u, 'household', e, 'insert', p, h, 0, t, t, 'accepted', NULL, r,
                'scoped', $10, NULL
             FROM unnest($1::uuid[], $2::int8[], $3::uuid[], $4::text[], $5::uuid[], $6::text[],
                $7::text[], $8::text[], $9::text[]) AS x(c, s, d, u, e, p, h, t, r)",
            &[
                &uuids(0),
                &seqs,
                &uuids(6),
                &col(7),
                &uuids(1),
                &col(2),
                &col(3),
                &col(5),
                &col(4),
                &POINT,
            ],
        )
        .await
        .expect("insert changes");
        tx.execute(
            "INSERT INTO entities (entity_id, entity, version, last_device, point_code, group_id,
                deleted)
             SELECT e, 'household', s, d, $4, NULL, FALSE
             FROM unnest($1::uuid[], $2::int8[], $3::uuid[]) AS x(e, s, d)",
            &[&uuids(1), &seqs, &uuids(6), &POINT],
        )
        .await
        .expect("insert records");
        tx.commit().await.expect("commit");
    }
    rows.len() as f64 / t.elapsed().as_secs_f64()
}
