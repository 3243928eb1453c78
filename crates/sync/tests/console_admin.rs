//! Administration in the province's console reaching the devices, over real HTTP on loopback:
//! the bank's disbursements imported as an Excel file (checked line by line, recorded whole or
//! not at all, never twice) or typed one at a time, in the reader's area only; a relief
//! previewed then published; each device's accounts on the fleet screen; a group leader's
//! laptop enrolled for its group.
#![allow(clippy::unwrap_used)]

mod common;

use common::console::{Session, add_user};
use common::*;
use serde_json::{Value, json};
use vonxa_domain::credit::loan::Loan;
use vonxa_domain::credit::rate::rate_on;
use vonxa_domain::reference::{Group, Point};
use vonxa_domain::roles::Role;
use vonxa_protocol::Scope;

/// The bank's list: a heading and one line per (contract, customer code, amount as text).
fn loan_file(lines: &[(&str, &str, &str)]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let heading = [
        "Số khế ước",
        "Mã khách hàng",
        "Chương trình",
        "Số tiền (đồng)",
        "Ngày giải ngân",
        "Thời hạn (tháng)",
        "Mục đích",
    ];
    // Columns in another order than the template's, headings without accents: still read.
    let order = [1usize, 0, 2, 3, 4, 5, 6];
    for (col, &i) in order.iter().enumerate() {
        let h = if i == 0 { "SO KHE UOC" } else { heading[i] };
        sheet.write_string(0, col as u16, h).unwrap();
    }
    let day = today().format("%d/%m/%Y").to_string();
    for (r, (contract, customer, amount)) in lines.iter().enumerate() {
        let cells = [
            *contract,
            *customer,
            "HN",
            *amount,
            &day,
            "36",
            "Chăn nuôi bò",
        ];
        for (col, &i) in order.iter().enumerate() {
            sheet
                .write_string(r as u32 + 1, col as u16, cells[i])
                .unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

fn office_of(a: &Dev) -> String {
    let s = a.lock();
    let points: Vec<Point> =
        vonxa_store::queries::docs(s.connection(), "SELECT doc FROM points", []).unwrap();
    points[0].office_id.to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disbursements_imported_in_the_console_reach_the_device_once() {
    let tmp = tempfile::tempdir().unwrap();
    let p = sqlite_province(&tmp).await;
    let a = Dev::with_demo(&p.url, &p.code(Role::Admin).await, 6).await;
    let office = office_of(&a);
    add_user(&p.db, "pgd", "office_officer", "office", Some(&office)).await;
    let other = "0190a000-0000-7000-8000-0000000000ff";
    add_user(&p.db, "pgdkhac", "office_officer", "office", Some(other)).await;
    let codes: Vec<String> = a
        .households()
        .into_iter()
        .filter_map(|h| h.customer_code)
        .collect();
    let pgd = Session::login(&p.url, "pgd").await;

    // One unknown customer code: every line checked, nothing recorded.
    let bad = loan_file(&[
        ("HN-2026-0001", &codes[0], "30.000.000"),
        ("HN-2026-0002", "KHONG-CO-MA", "20000000"),
    ]);
    let (status, r) = pgd
        .upload("/console/api/loans/import?commit=true", bad)
        .await;
    assert_eq!(status, reqwest::StatusCode::OK, "{r}");
    assert_eq!(r["recorded"], json!(0));
    assert_eq!(r["lines"][0]["field"], Value::Null, "{r}");
    assert_eq!(
        (
            &r["lines"][1]["row"],
            &r["lines"][1]["field"],
            &r["lines"][1]["code"]
        ),
        (&json!(3), &json!("customerCode"), &json!("not_found")),
        "{r}"
    );
    // Mended: a check first (nothing written), then recorded whole.
    let good = loan_file(&[
        ("HN-2026-0001", &codes[0], "30.000.000"),
        ("HN-2026-0002", &codes[1], "20000000"),
    ]);
    let (_, checked) = pgd.upload("/console/api/loans/import", good.clone()).await;
    assert_eq!(checked["recorded"], json!(0), "{checked}");
    let table = vonxa_store::credit::programme_table(a.lock().connection()).unwrap();
    let hn = rate_on(&table.rates, "HN", today()).unwrap().ppm();
    assert_eq!(checked["lines"][0]["ratePpm"], json!(hn), "{checked}");
    let (_, done) = pgd
        .upload("/console/api/loans/import?commit=true", good.clone())
        .await;
    assert_eq!(done["recorded"], json!(2), "{done}");
    // The same file again: every contract is already recorded.
    let (_, again) = pgd
        .upload("/console/api/loans/import?commit=true", good)
        .await;
    assert_eq!(again["recorded"], json!(0));
    assert!(
        again["lines"]
            .as_array()
            .unwrap()
            .iter()
            .all(|l| l["field"] == json!("contractNo") && l["code"] == json!("duplicate")),
        "{again}"
    );

    // One typed in the form; another office's officer cannot reach the household.
    let one = json!({"contractNo": "HN-2026-0003", "customerCode": codes[2], "programme": "HN",
        "amount": 40_000_000, "disbursedOn": today(), "termMonths": 60, "purpose": "Trồng keo"});
    let (status, body) = Session::login(&p.url, "pgdkhac")
        .await
        .post("/console/api/loans", &one)
        .await;
    assert_eq!(status, reqwest::StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["field"], json!("customerCode"));
    let (status, body) = pgd.post("/console/api/loans", &one).await;
    assert_eq!(status, reqwest::StatusCode::OK, "{body}");

    // The template downloads as a workbook.
    let t = pgd
        .http
        .get(format!("{}/console/api/loans/template", p.url))
        .header("cookie", &pgd.cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(t.status(), reqwest::StatusCode::OK);
    assert!(
        t.bytes().await.unwrap().starts_with(b"PK"),
        "an .xlsx (zip)"
    );

    // The device's next sync brings the three loans, once each.
    a.settle(3).await;
    let loans: Vec<Loan> =
        vonxa_store::queries::docs(a.lock().connection(), "SELECT doc FROM loans", []).unwrap();
    let mut got: Vec<(String, i64, u32)> = loans
        .iter()
        .filter(|l| l.contract_no.starts_with("HN-2026-"))
        .map(|l| (l.contract_no.clone(), l.principal.as_dong(), l.rate.ppm()))
        .collect();
    got.sort();
    assert_eq!(
        got,
        vec![
            ("HN-2026-0001".to_owned(), 30_000_000, hn),
            ("HN-2026-0002".to_owned(), 20_000_000, hn),
            ("HN-2026-0003".to_owned(), 40_000_000, hn),
        ]
    );
    p.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relief_previewed_then_published_in_the_console_is_on_the_device() {
    use vonxa_domain::credit::relief::{Place, relieved};
    let tmp = tempfile::tempdir().unwrap();
    let p = sqlite_province(&tmp).await;
    let a = Dev::with_demo(&p.url, &p.code(Role::Admin).await, 4).await;
    add_user(&p.db, "admin", "admin", "province", None).await;
    let admin = Session::login(&p.url, "admin").await;
    let relief = |basis: &str| {
        json!({"code": "QĐ thử 2027", "cut": 20_000, "from": "2027-01-01", "to": "2027-03-31",
            "provinces": ["51"], "programmes": ["HN", "HCN"], "legalBasis": basis})
    };
    let (status, body) = admin.post("/console/api/reliefs", &relief(" ")).await;
    assert_eq!(status, reqwest::StatusCode::BAD_REQUEST);
    assert_eq!(body["field"], json!("legalBasis"));
    let basis = "Quyết định số 99/QĐ-TTg (thử nghiệm)";
    let (_, preview) = admin
        .post("/console/api/reliefs?preview=true", &relief(basis))
        .await;
    let lines = preview["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 2, "{preview}");
    for l in lines {
        assert_eq!(
            l["afterPpm"].as_u64().unwrap() + 20_000,
            l["beforePpm"].as_u64().unwrap(),
            "{l}"
        );
    }
    assert_eq!(preview["version"], json!(0));
    let (_, rates) = admin.get("/console/api/rates").await;
    assert_eq!(rates["reliefs"], json!([]), "a preview writes nothing");
    let (status, published) = admin.post("/console/api/reliefs", &relief(basis)).await;
    assert_eq!(status, reqwest::StatusCode::OK, "{published}");
    let (status, _) = admin.post("/console/api/reliefs", &relief(basis)).await;
    assert_eq!(
        status,
        reqwest::StatusCode::BAD_REQUEST,
        "the same code twice"
    );

    a.settle(3).await;
    let table = vonxa_store::credit::programme_table(a.lock().connection()).unwrap();
    assert_eq!(table.version as u64, published["version"].as_u64().unwrap());
    let place = Place {
        province: "51".into(),
        communes: Vec::new(),
    };
    let day = "2027-02-01".parse().unwrap();
    let rate = rate_on(&table.rates, "HN", day).unwrap();
    assert_eq!(
        relieved(rate, &table.reliefs, "HN", &place, day).ppm() + 20_000,
        rate.ppm()
    );
    let after = "2027-04-01".parse().unwrap();
    assert_eq!(relieved(rate, &table.reliefs, "HN", &place, after), rate);
    p.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_fleet_lists_each_devices_accounts_and_enrols_a_group_leaders_laptop() {
    let tmp = tempfile::tempdir().unwrap();
    let p = sqlite_province(&tmp).await;
    let a = Dev::with_demo(&p.url, &p.code(Role::Admin).await, 4).await;
    add_user(&p.db, "admin", "admin", "province", None).await;
    let admin = Session::login(&p.url, "admin").await;
    let (_, devices) = admin.get("/console/api/devices").await;
    let users = &devices[0]["users"];
    assert!(
        users
            .as_array()
            .unwrap()
            .iter()
            .any(|u| u["username"] == json!("admin") && u["role"] == json!("admin")),
        "{devices}"
    );

    let group: Group = {
        let s = a.lock();
        vonxa_store::queries::docs(s.connection(), "SELECT doc FROM groups", [])
            .unwrap()
            .remove(0)
    };
    let (status, body) = admin
        .post(
            "/console/api/enrol-codes",
            &json!({"groupId": uuid::Uuid::now_v7(), "role": "group_leader"}),
        )
        .await;
    assert_eq!(status, reqwest::StatusCode::BAD_REQUEST);
    assert_eq!(body["field"], json!("groupId"));
    let (status, code) = admin
        .post(
            "/console/api/enrol-codes",
            &json!({"groupId": group.id, "role": "group_leader"}),
        )
        .await;
    assert_eq!(status, reqwest::StatusCode::OK, "{code}");
    let leader = Dev::new();
    leader.enrol(&p.url, code["code"].as_str().unwrap()).await;
    let cfg = leader.lock().sync_config().unwrap().unwrap();
    assert_eq!(
        serde_json::from_value::<Scope>(cfg.scope).unwrap(),
        Scope::Group { group_id: group.id }
    );
    let (_, devices) = admin.get("/console/api/devices").await;
    assert!(
        devices
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["role"] == json!("group_leader")
                && d["pointCodes"] == json!([demo_point_code()])),
        "{devices}"
    );
    p.stop().await;
}
