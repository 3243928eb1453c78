//! Shared by the province's tests: backends to run on, and records to push.
#![allow(dead_code)]

pub mod console;

use serde_json::{Value, json};
use std::path::PathBuf;
use uuid::Uuid;
use vonxa_domain::entity::{EntityKind, Op};
use vonxa_domain::roles::Role;
use vonxa_domain::{ChangeId, DeviceId};
use vonxa_protocol::{PushChange, PushRequest, Scope};
use vonxa_province::db::postgres::PgBackend;
use vonxa_province::db::{DeviceRecord, RefRecord};
use vonxa_province::ingest::Prepared;

/// A fresh PostgreSQL database on the server `VONXA_TEST_PG` names (set by
/// scripts/with-postgres.sh, which `make unit` wraps around `cargo test`).
///
/// Unset: under make (MAKELEVEL is set) the test fails loudly — the suite must run on both
/// backends there. Run by hand outside make, it is skipped with a message on stderr.
pub async fn fresh_pg() -> Option<PgBackend> {
    let url = fresh_pg_url().await?;
    Some(PgBackend::open(&url).await.expect("open postgres backend"))
}

/// The URL of a fresh, empty database on the `VONXA_TEST_PG` server (see [`fresh_pg`]).
pub async fn fresh_pg_url() -> Option<String> {
    let Ok(base) = std::env::var("VONXA_TEST_PG") else {
        if std::env::var_os("MAKELEVEL").is_some() {
            panic!("VONXA_TEST_PG is not set: run the tests through scripts/with-postgres.sh");
        }
        eprintln!(
            "SKIPPED: PostgreSQL tests need VONXA_TEST_PG (scripts/with-postgres.sh cargo test)"
        );
        return None;
    };
    let (client, conn) = tokio_postgres::connect(&base, tokio_postgres::NoTls)
        .await
        .expect("connect to VONXA_TEST_PG");
    tokio::spawn(conn);
    let name = format!("vonxa_t_{}", Uuid::now_v7().simple());
    client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .await
        .expect("create database");
    Some(match base.rfind('/') {
        Some(i) if base[..i].contains("://") && i > base.find("://").unwrap_or(0) + 2 => {
            format!("{}/{name}", &base[..i])
        }
        _ => format!("{base}/{name}"),
    })
}

/// A test CA and a certificate for `localhost` signed by it, made with openssl in `dir`:
/// (ca.pem, cert.pem, key.pem).
pub fn tls_files(dir: &std::path::Path) -> (PathBuf, PathBuf, PathBuf) {
    let sh = format!(
        "set -e; cd {d}
         openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
           -subj /CN=vonxa-test-ca -keyout ca.key -out ca.pem
         openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
           -subj /CN=localhost -keyout key.pem -out leaf.csr
         printf 'subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\n' > ext.cnf
         openssl x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
           -extfile ext.cnf -out cert.pem",
        d = dir.display()
    );
    let ok = std::process::Command::new("sh")
        .args(["-c", &sh])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("run openssl");
    assert!(ok.success(), "openssl makes a test CA and certificate");
    (
        dir.join("ca.pem"),
        dir.join("cert.pem"),
        dir.join("key.pem"),
    )
}

pub const POINT_CODE: &str = "51-21361-01";

pub struct Refs {
    pub office: Uuid,
    pub point: Uuid,
    pub village: Uuid,
    pub other_point: Uuid,
    pub other_village: Uuid,
}

pub fn reference() -> (Refs, Vec<RefRecord>) {
    let r = Refs {
        office: Uuid::now_v7(),
        point: Uuid::now_v7(),
        village: Uuid::now_v7(),
        other_point: Uuid::now_v7(),
        other_village: Uuid::now_v7(),
    };
    let rec = |entity: &str, payload: Value| RefRecord {
        entity: entity.into(),
        payload,
    };
    let point = |id: Uuid, code: &str| {
        json!({"id": id, "code": code, "name": "Điểm giao dịch", "officeId": r.office,
               "venue": "Nhà văn hóa", "sessionDay": 17})
    };
    let village = |id: Uuid, point: Uuid| json!({"id": id, "name": "Thôn Gò Chè", "kind": "thon", "communeCode": "21361", "pointId": point});
    let records = vec![
        rec(
            "office",
            json!({"id": r.office, "name": "PGD Minh Long", "provinceCode": "51",
                             "legacyDistrictName": null}),
        ),
        rec("point", point(r.point, POINT_CODE)),
        rec("point", point(r.other_point, "51-21361-02")),
        rec("village", village(r.village, r.point)),
        rec("village", village(r.other_village, r.other_point)),
    ];
    (r, records)
}

pub fn household(id: Uuid, village: Uuid, point: Uuid, address: &str) -> Value {
    json!({"id": id, "customerCode": null, "villageId": village, "pointId": point,
           "address": address, "headPersonId": null})
}

pub fn device(role: Role, scope: Scope) -> DeviceRecord {
    DeviceRecord {
        id: DeviceId(Uuid::now_v7()),
        label: "test".into(),
        scope,
        role,
        enrolled_at: String::new(),
        revoked_at: None,
        last_seen: None,
        last_sync: None,
    }
}

pub fn points(codes: &[&str]) -> Scope {
    Scope::Points {
        codes: codes.iter().map(|c| c.to_string()).collect(),
    }
}

pub fn change(
    dev: &DeviceRecord,
    entity: EntityKind,
    op: Op,
    payload: Value,
    base: i64,
) -> PushChange {
    let entity_id = payload["id"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .unwrap_or_default();
    PushChange {
        change_id: ChangeId(Uuid::now_v7()),
        device_seq: 1,
        device_id: dev.id,
        user_id: "u".into(),
        entity,
        entity_id,
        op,
        payload,
        base_version: base,
        device_time: "2026-11-25T10:00:00+07:00".into(),
    }
}

pub fn page(dev: &DeviceRecord, changes: Vec<PushChange>) -> Prepared {
    Prepared::new(
        dev.clone(),
        PushRequest {
            replay: false,
            changes,
        },
        chrono::Utc::now(),
        false,
        &vonxa_domain::credit::table::ProgrammeTable::builtin(),
    )
}

/// A province on an SQLite file, serving plain HTTP on a free loopback port.
pub struct Served {
    pub addr: std::net::SocketAddr,
    pub db: vonxa_province::db::sqlite::SqliteBackend,
    _dir: tempfile::TempDir,
}

impl Served {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

pub async fn serve_sqlite(limits: vonxa_province::serve::Limits) -> Served {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = vonxa_province::db::sqlite::SqliteBackend::open(dir.path().join("p.db"))
        .expect("open sqlite");
    let tcp = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = tcp.local_addr().expect("address");
    tokio::spawn(vonxa_province::run::serve_with(
        db.clone(),
        tcp,
        vonxa_province::ratelimit::RateLimiter::unlimited(),
        limits,
        std::future::pending(),
    ));
    let served = Served {
        addr,
        db,
        _dir: dir,
    };
    for _ in 0..200 {
        if reqwest::get(served.url("/health")).await.is_ok() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    served
}
