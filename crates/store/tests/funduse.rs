//! Fund-use checks (06/TD) in the store: the worklist at its boundaries, checks against their
//! loans, corrections that supersede, append-only records, photos and their upload queue.
#![allow(clippy::unwrap_used)]

mod common;

use chrono::{Days, NaiveDate};
use common::*;
use uuid::Uuid;
use vonxa_domain::credit::loan::{Loan, LoanStatus};
use vonxa_domain::credit::rate::AnnualRate;
use vonxa_domain::entity::{EntityKind, Op};
use vonxa_domain::funduse::{
    CheckPolicy, Checker, FundCheck, Method, Outcome, Standing, WorkState,
};
use vonxa_domain::reference::Household;
use vonxa_domain::settings::keys;
use vonxa_domain::*;
use vonxa_store::funduse::{WorkFilter, overdue_count, worklist};
use vonxa_store::{Store, StoreError};

const JPEG: [u8; 8] = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F'];

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A loan of `h` disbursed on `on`, as a pull from the province writes it.
fn disburse(store: &mut Store, h: &Household, on: NaiveDate) -> Loan {
    let loan = Loan {
        id: LoanId(Uuid::now_v7()),
        contract_no: format!("HN-{}", &Uuid::now_v7().simple().to_string()[24..]),
        household_id: h.id,
        borrower_id: h.head_person_id,
        point_id: h.point_id,
        group_id: None,
        organisation_id: None,
        programme: "HN".into(),
        principal: Money::dong(50_000_000),
        disbursed_on: on,
        maturity_on: on.checked_add_days(Days::new(1000)).unwrap(),
        purpose: "Chăn nuôi bò sinh sản".into(),
        rate: AnnualRate::from_hundredths_pct(660),
        status: LoanStatus::InGoodStanding,
        outstanding: Money::dong(50_000_000),
        outstanding_as_of: on,
        overdue: Money::ZERO,
        terms: Default::default(),
        movements: Vec::new(),
    };
    let doc = serde_json::to_value(&loan).unwrap();
    assert!(
        store
            .apply_synced(EntityKind::Loan, Op::Insert, loan.id.as_uuid(), &doc, 1)
            .unwrap()
    );
    loan
}

fn check_of(loan: &Loan, on: NaiveDate, outcome: Outcome) -> FundCheck {
    FundCheck {
        id: FundCheckId(Uuid::now_v7()),
        loan_id: loan.id,
        household_id: loan.household_id,
        group_id: loan.group_id,
        checked_on: on,
        checkers: vec![Checker {
            person_id: None,
            name: "Đinh Thị Lan".into(),
            role: "Tổ trưởng".into(),
            organisation: "Hội Phụ nữ xã Minh Long".into(),
        }],
        method: Method::GroupMeeting,
        stated_purpose: loan.purpose.clone(),
        observed_use: "Đã mua 2 con bò cái".into(),
        amount_as_intended: loan.principal,
        outcome,
        notes: (outcome != Outcome::UsedAsIntended).then(|| "Ghi chú".into()),
        borrower_acknowledged: true,
        follow_up: None,
        photos: vec![],
        supersedes: None,
        supersede_reason: None,
    }
}

fn refused(e: StoreError) -> (String, Code) {
    match e {
        StoreError::Domain(DomainError::Validation { field, code }) => (field, code),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

fn state_of(store: &Store, loan: &Loan, today: NaiveDate) -> (NaiveDate, Standing, WorkState) {
    let w = worklist(store.connection(), WorkFilter::default(), today).unwrap();
    let item = w.iter().find(|w| w.loan.id == loan.id).unwrap();
    (item.due, item.standing, item.state)
}

#[test]
fn the_worklist_at_its_boundaries() {
    let (mut f, demo) = with_demo(3);
    let h = &demo.households[0];
    let nov = disburse(&mut f.store, h, d(2026, 11, 1));
    let jan = disburse(&mut f.store, h, d(2026, 1, 31));
    let leap = disburse(&mut f.store, h, d(2028, 1, 31));
    let s = &f.store;
    // Day N is on time, day N + 1 is late.
    assert_eq!(
        state_of(s, &nov, d(2026, 12, 1)),
        (d(2026, 12, 1), Standing::Due(0), WorkState::Due)
    );
    assert_eq!(state_of(s, &nov, d(2026, 12, 2)).1, Standing::Overdue(1));
    // Month end in a common year: 31 January + 30 days is 2 March.
    assert_eq!(state_of(s, &jan, d(2026, 3, 2)).1, Standing::Due(0));
    assert_eq!(state_of(s, &jan, d(2026, 3, 3)).2, WorkState::Overdue);
    // In a leap year it is 1 March.
    assert_eq!(state_of(s, &leap, d(2028, 3, 1)).0, d(2028, 3, 1));
    assert_eq!(state_of(s, &leap, d(2028, 3, 2)).1, Standing::Overdue(1));
    // The overdue list and its count agree; most days late first.
    let today = d(2028, 3, 2);
    let over = worklist(
        s.connection(),
        WorkFilter {
            state: Some(WorkState::Overdue),
            ..WorkFilter::default()
        },
        today,
    )
    .unwrap();
    assert_eq!(over.len(), 3);
    assert_eq!(over[0].loan.id, jan.id);
    assert_eq!(overdue_count(s.connection(), today).unwrap(), 3);
}

/// The worklist reads the loan's status on the day: a loan the province wrote off on 1 March
/// 2027 is on the list the day before and off it from that day.
#[test]
fn a_loan_written_off_leaves_the_worklist_on_its_day() {
    use vonxa_domain::credit::events::{LoanEvent, LoanEventKind};
    let (mut f, demo) = with_demo(3);
    let loan = disburse(&mut f.store, &demo.households[0], d(2026, 11, 1));
    let mut gone = loan.clone();
    gone.terms.events = vec![LoanEvent::new(d(2027, 3, 1), LoanEventKind::WrittenOff)];
    let doc = serde_json::to_value(&gone).unwrap();
    f.store
        .apply_synced(EntityKind::Loan, Op::Update, gone.id.as_uuid(), &doc, 2)
        .unwrap();
    let listed = |day| {
        worklist(f.store.connection(), WorkFilter::default(), day)
            .unwrap()
            .iter()
            .any(|w| w.loan.id == loan.id)
    };
    assert!(listed(d(2027, 2, 28)));
    assert!(!listed(d(2027, 3, 1)));
}

#[test]
fn a_check_moves_its_loan_off_the_worklist_and_the_policy_is_a_versioned_setting() {
    let (mut f, demo) = with_demo(3);
    let today = f.store.today();
    let on = today.checked_sub_days(Days::new(40)).unwrap();
    let loan = disburse(&mut f.store, &demo.households[0], on);
    assert_eq!(state_of(&f.store, &loan, today).2, WorkState::Overdue);
    let c = check_of(&loan, today, Outcome::UsedAsIntended);
    f.store.record(&f.admin, Op::Insert, c).unwrap();
    assert_eq!(state_of(&f.store, &loan, today).2, WorkState::Done);
    assert_eq!(overdue_count(f.store.connection(), today).unwrap(), 0);

    // "Not yet used" brings it back within the re-check days.
    let other = disburse(&mut f.store, &demo.households[1], on);
    let c = check_of(&other, today, Outcome::NotYetUsed);
    f.store.record(&f.admin, Op::Insert, c).unwrap();
    let (due, _, state) = state_of(&f.store, &other, today);
    assert_eq!((due, state), (today + Days::new(30), WorkState::Due));

    // A shorter first-check period, as a new version of the setting.
    let p = CheckPolicy {
        not_yet_used_recheck_days: 10,
        ..CheckPolicy::default()
    };
    f.store
        .set_setting(&f.admin, keys::FUNDUSE_POLICY, &p)
        .unwrap();
    assert_eq!(state_of(&f.store, &other, today).0, today + Days::new(10));
    let bad = CheckPolicy {
        recheck_months: 0,
        ..CheckPolicy::default()
    };
    let e = f.store.set_setting(&f.admin, keys::FUNDUSE_POLICY, &bad);
    assert_eq!(refused(e.unwrap_err()).0, "recheckMonths");
}

#[test]
fn a_check_is_bound_by_its_loan() {
    let (mut f, demo) = with_demo(3);
    let today = f.store.today();
    let on = today.checked_sub_days(Days::new(5)).unwrap();
    let loan = disburse(&mut f.store, &demo.households[0], on);
    let before = check_of(
        &loan,
        on.checked_sub_days(Days::new(1)).unwrap(),
        Outcome::UsedAsIntended,
    );
    let e = f.store.record(&f.admin, Op::Insert, before).unwrap_err();
    assert_eq!(refused(e), ("checkedOn".into(), Code::DateOrder));
    let mut unknown = check_of(&loan, today, Outcome::UsedAsIntended);
    unknown.loan_id = LoanId(Uuid::now_v7());
    let e = f.store.record(&f.admin, Op::Insert, unknown).unwrap_err();
    assert_eq!(refused(e), ("loanId".into(), Code::NotFound));
    let mut photo = check_of(&loan, today, Outcome::UsedAsIntended);
    photo.photos = vec![vonxa_domain::funduse::photo::hash_of(b"not stored")];
    let e = f.store.record(&f.admin, Op::Insert, photo).unwrap_err();
    assert_eq!(refused(e), ("photos".into(), Code::NotFound));
    let mut over = check_of(&loan, today, Outcome::UsedAsIntended);
    over.amount_as_intended = Money::dong(50_000_001);
    let e = f.store.record(&f.admin, Op::Insert, over).unwrap_err();
    assert_eq!(refused(e).0, "amountAsIntended");
}

#[test]
fn corrections_supersede_once_and_checks_are_append_only() {
    let (mut f, demo) = with_demo(3);
    let today = f.store.today();
    let on = today.checked_sub_days(Days::new(5)).unwrap();
    let loan = disburse(&mut f.store, &demo.households[0], on);
    let other = disburse(&mut f.store, &demo.households[1], on);
    let first = check_of(&loan, today, Outcome::UsedAsIntended);
    f.store.record(&f.admin, Op::Insert, first.clone()).unwrap();

    // Append-only: no edit through the store, none through raw SQL.
    let mut edited = first.clone();
    edited.observed_use = "Sửa lại".into();
    let e = f.store.record(&f.admin, Op::Update, edited).unwrap_err();
    assert_eq!(refused(e), ("id".into(), Code::AppendOnly));
    let raw = f.store.connection().execute(
        "UPDATE fund_checks SET doc = doc WHERE id = ?1",
        [first.id.to_string()],
    );
    assert!(raw.unwrap_err().to_string().contains("append-only"));

    // A correction needs a reason, names a check of the same loan, and replaces it once.
    let mut fix = check_of(&loan, today, Outcome::PartlyMisused);
    fix.supersedes = Some(first.id);
    let e = f
        .store
        .record(&f.admin, Op::Insert, fix.clone())
        .unwrap_err();
    assert_eq!(refused(e), ("supersedeReason".into(), Code::Required));
    fix.supersede_reason = Some("Ghi nhầm kết quả".into());
    let mut wrong_loan = check_of(&other, today, Outcome::UsedAsIntended);
    wrong_loan.supersedes = Some(first.id);
    wrong_loan.supersede_reason = Some("Nhầm hộ".into());
    let e = f
        .store
        .record(&f.admin, Op::Insert, wrong_loan)
        .unwrap_err();
    assert_eq!(refused(e), ("supersedes".into(), Code::InvalidValue));
    f.store.record(&f.admin, Op::Insert, fix.clone()).unwrap();
    let mut again = check_of(&loan, today, Outcome::WhollyMisused);
    again.supersedes = Some(first.id);
    again.supersede_reason = Some("Lần nữa".into());
    let e = f.store.record(&f.admin, Op::Insert, again).unwrap_err();
    assert_eq!(refused(e), ("supersedes".into(), Code::AlreadySuperseded));

    // The worklist reads the correction, not the check it replaced.
    let w = worklist(f.store.connection(), WorkFilter::default(), today).unwrap();
    let item = w.iter().find(|w| w.loan.id == loan.id).unwrap();
    assert_eq!(item.last.as_ref().unwrap().id, fix.id);
}

#[test]
fn photos_are_checked_stored_once_and_queued_with_their_check() {
    let (mut f, demo) = with_demo(3);
    let gif = b"GIF89a-not-a-photo";
    let e = f.store.put_photo(&f.admin, gif).unwrap_err();
    assert_eq!(refused(e), ("photos".into(), Code::PhotoType));
    let mut big = vec![0u8; 10 * 1024 * 1024 + 1];
    big[..3].copy_from_slice(&JPEG[..3]);
    let e = f.store.put_photo(&f.admin, &big).unwrap_err();
    assert_eq!(refused(e), ("photos".into(), Code::PhotoTooLarge));

    let h1 = f.store.put_photo(&f.admin, &JPEG).unwrap();
    assert_eq!(f.store.put_photo(&f.admin, &JPEG).unwrap(), h1);
    assert_eq!(count(&f.store, "blobs"), 1);
    let p = f.store.photo(&h1).unwrap().unwrap();
    assert_eq!(
        (p.mime.as_str(), p.bytes.as_slice()),
        ("image/jpeg", &JPEG[..])
    );
    assert_eq!(f.store.blob_chunk(&h1, 2, 3).unwrap(), JPEG[2..5].to_vec());
    // Attached but not yet on a saved check: nothing to upload.
    assert!(f.store.pending_uploads().unwrap().is_empty());

    let today = f.store.today();
    let loan = disburse(&mut f.store, &demo.households[0], today);
    let mut c = check_of(&loan, today, Outcome::UsedAsIntended);
    c.photos = vec![h1.clone()];
    f.store.record(&f.admin, Op::Insert, c).unwrap();
    let up = f.store.pending_uploads().unwrap();
    assert_eq!(up.len(), 1);
    assert_eq!((up[0].size, up[0].sent), (JPEG.len() as u64, 0));
    f.store.set_upload_sent(&h1, 4).unwrap();
    assert_eq!(f.store.pending_uploads().unwrap()[0].sent, 4);
    f.store.finish_upload(&h1, None).unwrap();
    assert!(f.store.pending_uploads().unwrap().is_empty());
    assert_eq!(f.store.upload_counts().unwrap(), (0, 0));
    let raw = f.store.connection().execute("DELETE FROM blobs", []);
    assert!(raw.unwrap_err().to_string().contains("append-only"));
}
