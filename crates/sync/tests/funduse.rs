//! Fund-use checks end to end over real HTTP: loans disbursed at the province reach the device;
//! a check recorded there reaches the province with its flag, its figures and its photo; a
//! check for a loan outside the device's scope is refused; a photo upload cut mid-way resumes
//! from where the province stands, and never holds up the changes.
#![allow(clippy::unwrap_used)]

mod common;

use common::checks::*;
use common::cutter::Cutter;
use common::*;
use uuid::Uuid;
use vonxa_domain::Money;
use vonxa_domain::entity::{EntityKind, Op};
use vonxa_domain::funduse::{Flag, Outcome};
use vonxa_domain::roles::Role;
use vonxa_protocol::{CountLevel, RejectCode, Scope};
use vonxa_province::Backend;
use vonxa_province::db::FundBackend;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_check_reaches_the_province_with_its_flag_photo_and_figures() {
    let tmp = tempfile::tempdir().unwrap();
    check_flow(sqlite_province(&tmp).await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_check_reaches_a_postgres_province_with_its_flag_photo_and_figures() {
    if let Some(p) = pg_province().await {
        check_flow(p).await;
    }
}

async fn check_flow<B: Backend>(p: Province<B>) {
    let (a, loans) = with_loans(&p, &p.url, 3).await;

    // Three chunks' worth.
    let jpeg = photo(600_000, 1);
    let (_, hash) = record_with_photo(&a, &loans[0], Outcome::UsedAsIntended, &jpeg);
    let fronted = check_of(&loans[1], Outcome::Fronted);
    record(&a, fronted.clone());
    let r = a.sync().await.unwrap();
    assert_eq!(r.photos, 1);
    assert_eq!(p.db.blob(hash.clone()).await.unwrap(), Some(jpeg));
    assert!(p.db.missing_photos().await.unwrap().is_empty());
    assert!(a.lock().pending_uploads().unwrap().is_empty());

    // The finding raised a flag for the police, visible through the API with its check.
    let client = vonxa_sync::Client::new(&p.url, Some(token(&a))).unwrap();
    let flags = client.flags().await.unwrap().flags;
    assert_eq!(flags.len(), 1);
    assert_eq!(
        (flags[0].check_id, flags[0].flag),
        (fronted.id.as_uuid(), Flag::Police)
    );
    assert_eq!(flags[0].check["observedUse"], "Đã mua 2 con bò cái");

    // A correction supersedes it: the figures follow the check in force.
    let mut fix = check_of(&loans[1], Outcome::PartlyMisused);
    fix.supersedes = Some(fronted.id);
    fix.supersede_reason = Some("Xác minh lại: hộ dùng một phần vốn".into());
    fix.amount_as_intended = Money::dong(10_000_000);
    record(&a, fix.clone());
    a.sync().await.unwrap();
    let flags = client.flags().await.unwrap().flags;
    assert_eq!(flags.len(), 2);
    assert_eq!(flags[0].superseded_by, Some(fix.id.as_uuid()));
    assert_eq!(flags[1].flag, Flag::EarlyRecall);

    let from = today() - chrono::Days::new(100);
    let to = today() + chrono::Days::new(60);
    let counts = client.counts(from, to).await.unwrap();
    let group = counts
        .rows
        .iter()
        .find(|r| r.level == CountLevel::Group)
        .unwrap();
    // Three loans due for a first check in the period; two checked on time, one not yet due.
    assert_eq!(
        (group.due, group.on_time, group.late, group.missing),
        (3, 2, 0, 0)
    );
    assert_eq!(group.by_outcome.get(&Outcome::UsedAsIntended), Some(&1));
    assert_eq!(group.by_outcome.get(&Outcome::PartlyMisused), Some(&1));
    assert_eq!(group.by_outcome.get(&Outcome::Fronted), None);
    for level in [CountLevel::Organisation, CountLevel::Commune] {
        let row = counts.rows.iter().find(|r| r.level == level).unwrap();
        assert_eq!((row.due, row.on_time), (3, 2), "{level:?}");
    }

    // A second correction of the same check is refused at the province too.
    let mut again = check_of(&loans[1], Outcome::WhollyMisused);
    again.supersedes = Some(fronted.id);
    again.supersede_reason = Some("Lần nữa".into());
    let id = again.id.as_uuid();
    let change = a.forged(
        EntityKind::FundCheck,
        Op::Insert,
        id,
        serde_json::to_value(&again).unwrap(),
    );
    let r = a.push_raw(&p.url, vec![change]).await;
    assert_eq!(r.results[0].code, Some(RejectCode::Invalid));
    assert_eq!(r.results[0].field.as_deref(), Some("supersedes"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_check_for_a_loan_outside_the_scope_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let p = sqlite_province(&tmp).await;
    let (a, loans) = with_loans(&p, &p.url, 2).await;
    // Another commune's device.
    let b = Dev::new();
    let code = vonxa_province::admin::create_enrol_code(
        &p.db,
        Scope::Points {
            codes: vec!["51-99999-01".into()],
        },
        Role::Admin,
    )
    .await
    .unwrap();
    b.enrol(&p.url, &code).await;
    let head = p.db.head().await.unwrap();
    let c = check_of(&loans[0], Outcome::Fronted);
    let id = c.id.as_uuid();
    let change = b.forged(
        EntityKind::FundCheck,
        Op::Insert,
        id,
        serde_json::to_value(&c).unwrap(),
    );
    let r = b.push_raw(&p.url, vec![change]).await;
    assert_eq!(r.results[0].code, Some(RejectCode::OutOfScope));
    assert_eq!(p.db.head().await.unwrap(), head, "nothing applied");
    assert!(p.db.flags().await.unwrap().is_empty(), "no flag raised");

    // In scope, a check naming another household's loan, or no loan at all, is refused too.
    let mut other = check_of(&loans[0], Outcome::UsedAsIntended);
    other.household_id = loans[1].household_id;
    let mut ghost = check_of(&loans[0], Outcome::UsedAsIntended);
    ghost.loan_id = vonxa_domain::LoanId(Uuid::now_v7());
    let changes = [other, ghost]
        .iter()
        .map(|c| {
            a.forged(
                EntityKind::FundCheck,
                Op::Insert,
                c.id.as_uuid(),
                serde_json::to_value(c).unwrap(),
            )
        })
        .collect();
    let r = a.push_raw(&p.url, changes).await;
    assert_eq!(r.results[0].code, Some(RejectCode::Invalid));
    assert_eq!(r.results[0].field.as_deref(), Some("householdId"));
    assert_eq!(r.results[1].code, Some(RejectCode::UnknownParent));
    assert_eq!(p.db.head().await.unwrap(), head, "nothing applied");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_upload_cut_midway_resumes_and_never_holds_up_the_changes() {
    let tmp = tempfile::tempdir().unwrap();
    let p = sqlite_province(&tmp).await;
    let cut = Cutter::start(p.addr).await;
    let (a, loans) = with_loans(&p, &cut.url, 1).await;

    let big = photo(3 * 1024 * 1024 + 123, 2);
    let (c, hash) = record_with_photo(&a, &loans[0], Outcome::NotYetUsed, &big);
    let h = a.households()[0].id.as_uuid();
    a.edit_address(h, "Thôn Gò Chè, xã Minh Long").unwrap();

    // About a third of the photo gets through, then the line drops.
    cut.allow(1024 * 1024 + 50_000);
    assert!(a.sync().await.is_err(), "the pass was cut");
    // The check and the edit went first and are at the province.
    assert!(p.db.record(c.id.as_uuid()).await.unwrap().is_some());
    assert_eq!(a.lock().change_counts().unwrap().pending, 0);
    let held = p.db.blob_held(hash.clone()).await.unwrap();
    assert!(!held.complete);
    assert!(
        held.received > 0 && held.received < big.len() as u64,
        "{held:?}"
    );
    assert_eq!(p.db.missing_photos().await.unwrap(), vec![hash.clone()]);
    let sent = a.lock().pending_uploads().unwrap()[0].sent;
    assert_eq!(sent, held.received, "the device recorded the offset");

    // The line is back: the upload goes on from the province's offset, not from 0.
    cut.allow(i64::MAX);
    let r = a.sync().await.unwrap();
    assert_eq!(r.photos, 1);
    assert_eq!(r.photo_bytes, big.len() as u64 - held.received);
    assert_eq!(p.db.blob(hash).await.unwrap(), Some(big));
    assert!(p.db.missing_photos().await.unwrap().is_empty());
}

/// A photo no accepted check names is refused by the province (403: the province keeps no
/// chunk of it); the device keeps it queued and the pass still succeeds. Here the bank
/// corrected the loan's purpose before the device's check arrived, so the check is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_of_a_refused_check_stays_queued_without_failing_the_pass() {
    let tmp = tempfile::tempdir().unwrap();
    let p = sqlite_province(&tmp).await;
    let (a, loans) = with_loans(&p, &p.url, 1).await;
    let jpeg = photo(300_000, 3);
    let (_, hash) = record_with_photo(&a, &loans[0], Outcome::UsedAsIntended, &jpeg);
    let mut fixed = loans[0].clone();
    fixed.purpose = "Trồng keo".into();
    let loan = vonxa_province::db::RefRecord {
        entity: "loan".into(),
        payload: serde_json::to_value(&fixed).unwrap(),
    };
    let res = vonxa_province::admin::import(&p.db, vec![loan])
        .await
        .unwrap();
    assert!(res[0].server_seq.is_some(), "{res:?}");

    let r = a.sync().await.expect("the pass succeeds");
    assert_eq!(r.rejected, 1, "the check is refused");
    assert_eq!(r.photos, 0);
    let held = p.db.blob_held(hash.clone()).await.unwrap();
    assert_eq!(held.received, 0, "nothing of the photo at the province");
    let queued = a.lock().pending_uploads().unwrap();
    assert_eq!(queued.len(), 1, "still queued");
    assert_eq!(queued[0].hash, hash);
}
