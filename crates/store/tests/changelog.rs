//! Every write to a synced table leaves exactly one change entry; failed writes leave nothing;
//! append-only rows cannot be changed by any path.
#![allow(clippy::unwrap_used)]

mod common;

use chrono::NaiveDate;
use common::*;
use uuid::Uuid;
use vonxa_domain::entity::{EntityKind, Op};
use vonxa_domain::reference::*;
use vonxa_domain::{Code, DomainError, HouseholdId, PovertyStatusId};
use vonxa_store::ChangeState;

fn status(household: HouseholdId) -> PovertyStatus {
    PovertyStatus {
        id: PovertyStatusId(Uuid::now_v7()),
        household_id: household,
        category: PovertyCategory::Poor,
        valid_from: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
        escaped_on: None,
        list_year: Some(2025),
        decision_ref: None,
    }
}

#[test]
fn each_write_logs_exactly_one_change_with_increasing_sequence() {
    let (mut f, data) = with_demo(5);
    let before = f.store.changes(None, 0, 100_000).unwrap();
    let hh = data.households[0].clone();
    let edited = Household {
        address: Some("Số 12, đường Phạm Văn Đồng".into()),
        ..hh.clone()
    };
    let id1 = f.store.record(&f.admin, Op::Update, edited).unwrap();
    let id2 = f.store.record(&f.admin, Op::Insert, status(hh.id)).unwrap();
    let after = f.store.changes(None, 0, 100_000).unwrap();
    assert_eq!(after.len(), before.len() + 2);
    let new: Vec<_> = after[before.len()..].to_vec();
    assert_eq!(new[0].change_id, id1);
    assert_eq!(new[1].change_id, id2);
    assert_eq!(
        (new[0].entity, new[0].op),
        (EntityKind::Household, Op::Update)
    );
    assert_eq!(new[0].entity_id, hh.id.as_uuid());
    assert_eq!(new[0].user_id, f.admin.id.to_string());
    assert_eq!(new[0].device_id, f.store.device_id().to_string());
    assert_eq!(new[0].state, ChangeState::Pending);
    assert_eq!(new[0].payload["address"], "Số 12, đường Phạm Văn Đồng");
    assert!(
        after.windows(2).all(|w| w[0].seq < w[1].seq),
        "sequence strictly increases"
    );
    // Every row written by the demo has its change: one per record, except the office and the
    // organisations, which are the province's (mirrored, never pushed).
    let rows = count(&f.store, "households")
        + count(&f.store, "persons")
        + count(&f.store, "memberships")
        + count(&f.store, "poverty_status")
        + count(&f.store, "groups")
        + count(&f.store, "villages")
        + count(&f.store, "group_roles")
        + count(&f.store, "points")
        + count(&f.store, "point_communes")
        + count(&f.store, "users");
    // Two extra changes above: one update (no new row) and one insert (one new row).
    assert_eq!(after.len() as i64, rows + 1);
}

#[test]
fn a_validation_error_writes_neither_row_nor_change() {
    let (mut f, data) = with_demo(5);
    let changes = count(&f.store, "change_log");
    let bad = Person {
        full_name: "   ".into(),
        ..data.persons[0].clone()
    };
    let err = f.store.record(&f.admin, Op::Update, bad).unwrap_err();
    assert_eq!(
        err.as_domain(),
        Some(&DomainError::invalid("fullName", Code::Required))
    );
    assert_eq!(count(&f.store, "change_log"), changes);
    let name: String = f
        .store
        .connection()
        .query_row(
            "SELECT full_name FROM persons WHERE id = ?1",
            [data.persons[0].id.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(name, data.persons[0].full_name);
}

#[test]
fn a_forced_failure_mid_transaction_writes_neither_row_nor_change() {
    let (mut f, data) = with_demo(5);
    // Make the change-log append fail after the row itself was written in the same transaction.
    f.store
        .connection()
        .execute_batch(
            "CREATE TEMP TRIGGER fail_append BEFORE INSERT ON change_log
             BEGIN SELECT RAISE(ABORT, 'forced failure'); END;",
        )
        .unwrap();
    let changes = count(&f.store, "change_log");
    let statuses = count(&f.store, "poverty_status");
    let err = f
        .store
        .record(&f.admin, Op::Insert, status(data.households[1].id));
    assert!(err.is_err());
    assert_eq!(count(&f.store, "change_log"), changes);
    assert_eq!(
        count(&f.store, "poverty_status"),
        statuses,
        "the row was rolled back with the change"
    );
}

#[test]
fn append_only_rows_refuse_update_and_delete_by_any_path() {
    let (mut f, data) = with_demo(3);
    let s = data.statuses[0].clone();
    // Through the store API.
    let upd = f.store.record(
        &f.admin,
        Op::Update,
        PovertyStatus {
            category: PovertyCategory::NearPoor,
            ..s.clone()
        },
    );
    assert_eq!(
        upd.unwrap_err().as_domain(),
        Some(&DomainError::invalid("id", Code::AppendOnly))
    );
    let del = f.store.record(&f.admin, Op::Delete, s.clone());
    assert_eq!(
        del.unwrap_err().as_domain(),
        Some(&DomainError::invalid("id", Code::AppendOnly))
    );
    // Through raw SQL.
    let conn = f.store.connection();
    let raw_update = conn.execute(
        "UPDATE poverty_status SET doc = json_set(doc, '$.category', 'near_poor')",
        [],
    );
    assert!(raw_update.unwrap_err().to_string().contains("append-only"));
    let raw_delete = conn.execute("DELETE FROM poverty_status", []);
    assert!(raw_delete.unwrap_err().to_string().contains("append-only"));
    // The change log's content is append-only too; only its sync state may move.
    assert!(
        conn.execute("UPDATE change_log SET payload = '{}'", [])
            .is_err()
    );
    assert!(conn.execute("DELETE FROM change_log", []).is_err());
    assert!(
        conn.execute("UPDATE change_log SET state = 'sent' WHERE seq = 1", [])
            .is_ok()
    );
    let n: i64 = conn
        .query_row(
            "SELECT count(*) FROM poverty_status WHERE category = 'poor'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(n >= 1);
}

#[test]
fn rows_applied_from_sync_are_not_logged_again_and_never_overwrite_unsent_edits() {
    let (mut f, data) = with_demo(3);
    let changes = count(&f.store, "change_log");
    let village = data.villages[0].clone();
    let from_province = Village {
        name: "Thôn Gò Chè Mới".into(),
        ..village.clone()
    };
    // The village has an unsent local insert (the demo), so the pulled edit waits for review.
    let applied = f
        .store
        .apply_synced(
            EntityKind::Village,
            Op::Update,
            village.id.as_uuid(),
            &serde_json::to_value(&from_province).unwrap(),
            7,
        )
        .unwrap();
    assert!(!applied);
    // Once the local change is sent, a pulled row applies without a new change entry.
    f.store
        .connection()
        .execute("UPDATE change_log SET state = 'sent'", [])
        .unwrap();
    let applied = f
        .store
        .apply_synced(
            EntityKind::Village,
            Op::Update,
            village.id.as_uuid(),
            &serde_json::to_value(&from_province).unwrap(),
            7,
        )
        .unwrap();
    assert!(applied);
    assert_eq!(count(&f.store, "change_log"), changes);
    let v: Village =
        vonxa_store::records::load(f.store.connection(), village.id.as_uuid()).unwrap();
    assert_eq!(v.name, "Thôn Gò Chè Mới");
    // The next local edit is based on the version it was pulled at.
    f.store
        .record(
            &f.admin,
            Op::Update,
            Village {
                name: "Thôn Gò Chè".into(),
                ..v
            },
        )
        .unwrap();
    let last = f.store.changes(None, 0, 1_000_000).unwrap().pop().unwrap();
    assert_eq!(last.base_version, 7);
}

#[test]
fn a_viewer_cannot_write() {
    let (mut f, data) = with_demo(3);
    let viewer = f
        .store
        .add_user(
            &f.admin,
            vonxa_store::users::new_user("xem", "Người xem", vonxa_domain::roles::Role::Viewer),
            "mat-khau-xem-1",
        )
        .unwrap();
    let changes = count(&f.store, "change_log");
    let err = f
        .store
        .record(&viewer, Op::Insert, status(data.households[0].id))
        .unwrap_err();
    assert!(matches!(
        err.as_domain(),
        Some(DomainError::Forbidden { .. })
    ));
    assert_eq!(count(&f.store, "change_log"), changes);
}
