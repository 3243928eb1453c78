//! Fund-use check helpers shared by the sync tests: photos, loans disbursed at the province
//! and pulled, checks of a loan.

use super::*;
use vonxa_domain::FundCheckId;
use vonxa_domain::credit::loan::Loan;
use vonxa_domain::funduse::{Checker, FundCheck, Method, Outcome};
use vonxa_province::funduse::disburse;

/// A JPEG-looking photo of `n` bytes (deterministic filler after the magic number).
pub fn photo(n: usize, seed: u32) -> Vec<u8> {
    let mut x = seed.wrapping_mul(2_654_435_761) | 1;
    let mut v = vec![0xFF, 0xD8, 0xFF, 0xE0];
    while v.len() < n {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        v.push((x & 0xFF) as u8);
    }
    v
}

/// A device with the demo commune synced and `n` loans disbursed at the province, pulled.
pub async fn with_loans<B: Backend>(p: &Province<B>, url: &str, n: usize) -> (Dev, Vec<Loan>) {
    let a = Dev::new();
    a.load_demo(6);
    a.enrol(url, &p.code(Role::Admin).await).await;
    a.settle(3).await;
    let loans = disburse::demo(&p.db, n, today())
        .await
        .expect("test set-up");
    assert_eq!(loans.len(), n);
    a.sync().await.expect("test set-up");
    let pulled: Vec<Loan> =
        vonxa_store::queries::docs(a.lock().connection(), "SELECT doc FROM loans", [])
            .expect("test set-up");
    assert_eq!(pulled.len(), n, "the loans reached the device");
    (a, loans)
}

pub fn check_of(loan: &Loan, outcome: Outcome) -> FundCheck {
    FundCheck {
        id: FundCheckId(Uuid::now_v7()),
        loan_id: loan.id,
        household_id: loan.household_id,
        group_id: loan.group_id,
        checked_on: today(),
        checkers: vec![Checker {
            person_id: None,
            name: "Đinh Thị Lan".into(),
            role: "Tổ trưởng".into(),
            organisation: "Hội Phụ nữ xã Minh Long".into(),
        }],
        method: Method::HomeVisit,
        stated_purpose: loan.purpose.clone(),
        observed_use: "Đã mua 2 con bò cái".into(),
        amount_as_intended: loan.principal,
        outcome,
        notes: (outcome != Outcome::UsedAsIntended).then(|| "Người khác sử dụng vốn".into()),
        borrower_acknowledged: true,
        follow_up: None,
        photos: vec![],
        supersedes: None,
        supersede_reason: None,
    }
}

pub fn record(a: &Dev, c: FundCheck) {
    a.lock()
        .record(&a.admin, Op::Insert, c)
        .expect("test set-up");
}

/// Store `bytes` as a photo on `a` and record a check of `loan` naming it: (check, hash).
pub fn record_with_photo(
    a: &Dev,
    loan: &Loan,
    outcome: Outcome,
    bytes: &[u8],
) -> (FundCheck, String) {
    let hash = a.lock().put_photo(&a.admin, bytes).expect("photo stored");
    let mut c = check_of(loan, outcome);
    c.photos = vec![hash.clone()];
    record(a, c.clone());
    (c, hash)
}

/// The device's bearer token, to call the province as it would.
pub fn token(d: &Dev) -> String {
    d.lock()
        .sync_config()
        .expect("enrolled")
        .expect("enrolled")
        .token
}
