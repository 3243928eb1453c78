//! One verdict table, two paths. Each case is one record put to a world a genuine device made
//! and synced: for money, a group with members, three sessions of the point (two closed short,
//! one of those resolved), savings books, an entry reversed (`verdicts/money.rs`); for
//! vetting, an application and three meetings of its group (all present, too few present,
//! cancelled; `verdicts/vetting.rs`); for fund-use checks, two loans the province disbursed
//! and a check of one, corrected once (`verdicts/funduse.rs`). The same record goes to the
//! device's store (its `Record::check`) and, past the store (a money record sealed as the
//! device's next link), to the province on SQLite and on PostgreSQL. Both must give the case's
//! verdict: accepted, or refused with its domain code. A rule dropped or changed on one path
//! fails here.
#![allow(clippy::unwrap_used)]

#[path = "verdicts/applications.rs"]
mod application_cases;
mod common;
#[path = "verdicts/funduse.rs"]
mod funduse_cases;
#[path = "verdicts/loancash.rs"]
mod loan_cash_cases;
#[path = "verdicts/meetings.rs"]
mod meeting_cases;
#[path = "verdicts/money.rs"]
mod money_cases;
#[path = "verdicts/people.rs"]
mod people_cases;
#[path = "verdicts/vetting.rs"]
mod vetting_cases;

use common::*;
use vonxa_domain::Code;
use vonxa_domain::entity::{EntityKind, Op};
use vonxa_province::Backend;
use vonxa_store::records::Record;

/// The domain code of a refusal by the device's store (`None`: written).
fn stored<R: Record>(a: &Dev, record: R) -> Option<Code> {
    stored_as(a, Op::Insert, record)
}

/// As [`stored`], for a write of `op`.
fn stored_as<R: Record>(a: &Dev, op: Op, record: R) -> Option<Code> {
    let admin = a.admin.clone();
    let written = a.lock().record(&admin, op, record);
    written
        .err()
        .map(|err| err.as_domain().map_or(Code::InvalidValue, |d| d.code()))
}

/// A record the store does not seal, pushed past the store as one change: the province's
/// verdict (a refusal without a domain code counts as `invalid_value`).
async fn pushed<B: Backend>(
    a: &Dev,
    p: &Province<B>,
    kind: EntityKind,
    id: uuid::Uuid,
    doc: serde_json::Value,
) -> Option<Code> {
    pushed_as(a, p, kind, Op::Insert, id, doc).await
}

/// As [`pushed`], for a change of `op`.
async fn pushed_as<B: Backend>(
    a: &Dev,
    p: &Province<B>,
    kind: EntityKind,
    op: Op,
    id: uuid::Uuid,
    doc: serde_json::Value,
) -> Option<Code> {
    let change = a.forged(kind, op, id, doc);
    let before = p.db.head().await.unwrap();
    let r = a.push_raw(&p.url, vec![change]).await.results[0].clone();
    assert_eq!(
        p.db.head().await.unwrap() != before,
        r.code.is_none(),
        "{r:?}"
    );
    r.code.map(|_| r.domain.unwrap_or(Code::InvalidValue))
}

/// Note a case whose verdicts on the device or at the province are not the expected one.
fn compare(
    differ: &mut Vec<String>,
    name: &str,
    expected: Option<Code>,
    device: Option<Code>,
    province: Option<Code>,
    backend: &str,
) {
    if device != expected || province != expected {
        differ.push(format!(
            "{name}: expected {expected:?}, device {device:?}, province ({backend}) {province:?}"
        ));
    }
}

/// A test that runs every case of a table on SQLite and, when a server is at hand, PostgreSQL,
/// and fails listing the cases whose verdicts differ from the table's.
macro_rules! verdict_table {
    ($name:ident, $table:ident) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            let mut differ = Vec::new();
            for case in $table::CASES {
                let tmp = tempfile::tempdir().unwrap();
                let p = sqlite_province(&tmp).await;
                $table::check(case, &p, "sqlite", &mut differ).await;
                p.stop().await;
                if let Some(p) = pg_province().await {
                    $table::check(case, &p, "postgres", &mut differ).await;
                    p.stop().await;
                }
            }
            assert!(differ.is_empty(), "verdicts differ:\n{}", differ.join("\n"));
        }
    };
}

verdict_table!(
    money_records_get_the_same_verdict_on_the_device_and_at_the_province,
    money_cases
);
verdict_table!(
    application_moves_get_the_same_verdict_on_the_device_and_at_the_province,
    application_cases
);
verdict_table!(
    vetting_decisions_get_the_same_verdict_on_the_device_and_at_the_province,
    vetting_cases
);
verdict_table!(
    meetings_get_the_same_verdict_on_the_device_and_at_the_province,
    meeting_cases
);
verdict_table!(
    fund_checks_get_the_same_verdict_on_the_device_and_at_the_province,
    funduse_cases
);
verdict_table!(
    households_persons_and_memberships_get_the_same_verdict_on_the_device_and_at_the_province,
    people_cases
);
verdict_table!(
    loans_cash_at_the_session_gets_the_same_verdict_on_the_device_and_at_the_province,
    loan_cash_cases
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_recorded_on_two_laptops_is_refused_by_the_province() {
    let tmp = tempfile::tempdir().unwrap();
    let p = sqlite_province(&tmp).await;
    people_cases::one_person_on_two_laptops(&p, "sqlite").await;
    p.stop().await;
    if let Some(p) = pg_province().await {
        people_cases::one_person_on_two_laptops(&p, "postgres").await;
        p.stop().await;
    }
}

/// A poverty status recorded by the group side (a group leader) is refused by the device's
/// store and by the province, on SQLite and on PostgreSQL: only the bank's team at the point
/// sets it (`roles::Action::SetPovertyStatus`), so no one makes a household "poor" on paper.
async fn poverty_from_the_group_side<B: Backend>(p: &Province<B>, backend: &str) {
    use vonxa_domain::GroupId;
    use vonxa_domain::reference::{PovertyCategory, PovertyStatus};
    let a = Dev::new();
    a.load_demo(10);
    a.enrol(&p.url, &p.code(vonxa_domain::roles::Role::Admin).await)
        .await;
    a.settle(3).await;
    let (g, members) = common::money::group_with_members(&a);
    let status = PovertyStatus {
        id: vonxa_domain::PovertyStatusId(uuid::Uuid::now_v7()),
        household_id: members[0],
        category: PovertyCategory::Poor,
        valid_from: today(),
        escaped_on: None,
        list_year: None,
        decision_ref: Some("QĐ 9/QĐ-UBND".into()),
    };
    // The device: a group leader's account on the point's laptop.
    let leader = a
        .lock()
        .add_user(
            &a.admin,
            vonxa_store::users::new_user(
                "totruong",
                "Tổ trưởng",
                vonxa_domain::roles::Role::GroupLeader,
            ),
            PW,
        )
        .unwrap();
    let refused = a.lock().record(&leader, Op::Insert, status.clone());
    assert!(
        matches!(refused.as_ref().err().and_then(|e| e.as_domain()), Some(d) if d.code() == Code::Forbidden),
        "{backend}: device: {refused:?}"
    );
    // The province: the group leader's own laptop, enrolled for the group.
    let b = Dev::new();
    let scope = vonxa_protocol::Scope::Group {
        group_id: GroupId::from(g.id.as_uuid()),
    };
    let code = vonxa_province::admin::create_enrol_code(
        &p.db,
        scope,
        vonxa_domain::roles::Role::GroupLeader,
    )
    .await
    .unwrap();
    b.enrol(&p.url, &code).await;
    let doc = serde_json::to_value(&status).unwrap();
    let change = b.forged(
        EntityKind::PovertyStatus,
        Op::Insert,
        status.id.as_uuid(),
        doc,
    );
    let before = p.db.head().await.unwrap();
    let r = b.push_raw(&p.url, vec![change]).await.results[0].clone();
    assert_eq!(
        r.code,
        Some(vonxa_protocol::RejectCode::Forbidden),
        "{backend}: province: {r:?}"
    );
    assert_eq!(p.db.head().await.unwrap(), before, "{backend}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn poverty_status_from_the_group_side_is_refused_on_the_device_and_at_the_province() {
    let tmp = tempfile::tempdir().unwrap();
    let p = sqlite_province(&tmp).await;
    poverty_from_the_group_side(&p, "sqlite").await;
    p.stop().await;
    if let Some(p) = pg_province().await {
        poverty_from_the_group_side(&p, "postgres").await;
        p.stop().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_communes_word_from_the_group_side_is_refused_on_the_device_and_at_the_province() {
    let tmp = tempfile::tempdir().unwrap();
    let p = sqlite_province(&tmp).await;
    application_cases::commune_word_from_the_group_side(&p, "sqlite").await;
    p.stop().await;
    if let Some(p) = pg_province().await {
        application_cases::commune_word_from_the_group_side(&p, "postgres").await;
        p.stop().await;
    }
}

/// A member household joining a second group while still in its first is refused by the
/// device's store and by the province alike (`reference::rules::single_group`): one household
/// borrowing through two groups is refused at the door.
async fn a_second_group<B: Backend>(p: &Province<B>, backend: &str) {
    use vonxa_domain::reference::{Group, Membership};
    let a = Dev::new();
    // Enough households for two groups.
    a.load_demo(60);
    a.enrol(&p.url, &p.code(vonxa_domain::roles::Role::Admin).await)
        .await;
    a.settle(3).await;
    let (g, members) = common::money::group_with_members(&a);
    let other: Group = {
        let s = a.lock();
        vonxa_store::queries::docs(s.connection(), "SELECT doc FROM groups", [])
            .unwrap()
            .into_iter()
            .find(|o: &Group| o.id != g.id)
            .expect("a second group")
    };
    let joining = Membership {
        id: vonxa_domain::MembershipId(uuid::Uuid::now_v7()),
        household_id: members[0],
        group_id: other.id,
        joined_on: today(),
        left_on: None,
        left_reason: None,
    };
    let doc = serde_json::to_value(&joining).unwrap();
    let province = pushed(&a, p, EntityKind::Membership, joining.id.as_uuid(), doc).await;
    let device = stored(&a, joining);
    let mut differ = Vec::new();
    compare(
        &mut differ,
        "a member joining a second group",
        Some(Code::AlreadyInGroup),
        device,
        province,
        backend,
    );
    assert!(differ.is_empty(), "{differ:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_household_joins_one_group_at_a_time_on_the_device_and_at_the_province() {
    let tmp = tempfile::tempdir().unwrap();
    let p = sqlite_province(&tmp).await;
    a_second_group(&p, "sqlite").await;
    p.stop().await;
    if let Some(p) = pg_province().await {
        a_second_group(&p, "postgres").await;
        p.stop().await;
    }
}
