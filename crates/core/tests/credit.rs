//! Applications (01/TD) through the use cases, on a temporary encrypted database.
#![allow(clippy::unwrap_used)]

use vonxa_core::contract::*;
use vonxa_core::{App, IpcError};

fn app() -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let app = App::new(dir.path().join("data"));
    app.create_admin(CreateAdmin {
        username: "admin".into(),
        display_name: "Nguyễn Văn Quản".into(),
        password: "mat-khau-quan-tri".into(),
        load_demo: true,
    })
    .unwrap();
    (dir, app)
}

fn input(h: &HouseholdDetail, amount: i64) -> ApplicationInput {
    ApplicationInput {
        id: None,
        household_id: h.household.id.clone(),
        representative_id: h.household.head_person_id.clone().unwrap(),
        programme: "HN".into(),
        amount,
        purpose_code: "chan_nuoi".into(),
        purpose_text: Some("Mua 2 con bò giống".into()),
        own_capital: 5_000_000,
        term_months: 36,
        study_months: 0,
        applied_on: "2026-11-20".into(),
        authorisation_ref: None,
        note: None,
    }
}

/// A poor household with a group in its own village: nothing stands in the way of HN.
fn eligible(app: &App) -> HouseholdDetail {
    let hits = app
        .search_households(SearchQuery {
            query: String::new(),
            limit: 200,
        })
        .unwrap();
    hits.iter()
        .map(|h| app.household_detail(h.household_id.clone()).unwrap())
        .find(|d| {
            d.household.head_person_id.is_some()
                && app
                    .check_eligibility(input(d, 30_000_000))
                    .is_ok_and(|c| c.reasons.is_empty())
        })
        .expect("an eligible demo household")
}

#[test]
fn programmes_come_with_ceilings_and_purposes() {
    let (_d, app) = app();
    let ps = app.programmes().unwrap();
    let hn = ps.iter().find(|p| p.code == "HN").unwrap();
    assert_eq!(
        (hn.ceiling, hn.ceiling_per.as_str()),
        (100_000_000, "household")
    );
    assert!(hn.purposes.iter().any(|p| p.code == "chan_nuoi"));
    assert_eq!(ps.len(), 7);
}

#[test]
fn a_draft_is_checked_live_saved_submitted_and_then_frozen() {
    let (_d, app) = app();
    let h = eligible(&app);
    // Live: one đồng over the ceiling is a blocking reason on the amount.
    let over = app.check_eligibility(input(&h, 100_000_001)).unwrap();
    assert!(!over.may_submit);
    let r = over
        .reasons
        .iter()
        .find(|r| r.code == "over_ceiling")
        .unwrap();
    assert!(r.blocking && r.field == "amount" && !r.message_vi.is_empty());
    assert!(
        app.check_eligibility(input(&h, 100_000_000))
            .unwrap()
            .may_submit
    );

    // Bad input writes nothing and names the field.
    let bad = app.save_application(input(&h, 0));
    assert!(
        matches!(bad, Err(IpcError::Validation { ref field, .. }) if field == "amount"),
        "{bad:?}"
    );
    assert!(app.list_applications(None).unwrap().is_empty());

    let saved = app.save_application(input(&h, 30_000_000)).unwrap();
    let a = &saved.application;
    assert_eq!(a.status, "draft");
    assert!(a.editable);
    assert!(a.next_events.contains(&"submit".to_owned()));
    let moved = app
        .move_application(MoveApplication {
            id: a.id.clone(),
            event: "submit".into(),
            reason: None,
        })
        .unwrap();
    assert_eq!(moved.application.status, "submitted_to_group");
    assert_eq!(moved.history.len(), 1);
    assert_eq!(moved.history[0].from, "draft");
    assert!(!moved.application.editable);
    // Frozen past the draft.
    let edit = app.save_application(ApplicationInput {
        id: Some(a.id.clone()),
        ..input(&h, 40_000_000)
    });
    assert!(
        matches!(edit, Err(IpcError::Validation { ref field, .. }) if field == "status"),
        "{edit:?}"
    );
    // Unknown events and bank events are refused on a device.
    for event in ["teleport", "bank_approve"] {
        let r = app.move_application(MoveApplication {
            id: a.id.clone(),
            event: event.into(),
            reason: None,
        });
        assert!(r.is_err(), "{event}");
    }
    let listed = app
        .list_applications(Some("submitted_to_group".into()))
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert!(
        app.list_applications(Some("draft".into()))
            .unwrap()
            .is_empty()
    );
}
