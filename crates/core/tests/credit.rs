//! Applications (01/TD) through the use cases, on a temporary encrypted database.
#![allow(clippy::unwrap_used)]

mod common;

use vonxa_core::contract::*;
use vonxa_core::{App, IpcError};

fn app() -> (tempfile::TempDir, App) {
    common::started(true)
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
        capital_need: amount + 5_000_000,
        repayment_instalments: Some(3),
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
            ..SearchQuery::default()
        })
        .unwrap()
        .hits;
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
    // Job creation: the ceiling in force today (Decree 338, from 1 Jan 2026).
    let jobs = ps.iter().find(|p| p.code == "GQVL").unwrap();
    assert_eq!(
        (jobs.ceiling, jobs.ceiling_per.as_str()),
        (200_000_000, "worker")
    );
    assert_eq!(ps.len(), 10);
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
        .find(|r| r.code == EligibilityCode::OverCeiling)
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

    // The 01/TD's plan: the whole need covers own capital and the loan; the principal in
    // instalments that fit the term.
    let short = app.save_application(ApplicationInput {
        capital_need: 20_000_000,
        repayment_instalments: Some(48),
        ..input(&h, 30_000_000)
    });
    match short {
        Err(IpcError::Validation {
            ref field,
            ref more,
            ..
        }) => {
            let fields: Vec<&str> = std::iter::once(field.as_str())
                .chain(more.iter().map(|p| p.field.as_str()))
                .collect();
            assert!(
                fields.contains(&"capitalNeed") && fields.contains(&"repayment"),
                "{fields:?}"
            );
        }
        other => panic!("{other:?}"),
    }
    let saved = app.save_application(input(&h, 30_000_000)).unwrap();
    let a = &saved.application;
    assert_eq!(
        (a.capital_need, a.repayment_instalments),
        (35_000_000, Some(3))
    );
    assert_eq!(a.status, ApplicationStatus::Draft);
    assert!(a.editable);
    assert!(a.next_events.contains(&ApplicationEvent::Submit));
    let moved = app
        .move_application(mv(&a.id, ApplicationEvent::Submit))
        .unwrap();
    assert_eq!(
        moved.application.status,
        ApplicationStatus::SubmittedToGroup
    );
    assert_eq!(moved.history.len(), 1);
    assert_eq!(moved.history[0].from, ApplicationStatus::Draft);
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
    // An unknown event does not pass the contract; a bank event is refused on a device.
    let unknown = serde_json::json!({ "id": a.id, "event": "teleport", "reason": null });
    assert!(serde_json::from_value::<MoveApplication>(unknown).is_err());
    let r = app.move_application(mv(&a.id, ApplicationEvent::BankApprove));
    assert!(r.is_err(), "{r:?}");
    let listed = app
        .list_applications(Some(ApplicationStatus::SubmittedToGroup))
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert!(
        app.list_applications(Some(ApplicationStatus::Draft))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_meeting_records_attendance_and_decides_a_waiting_application() {
    let (_d, app) = app();
    let h = eligible(&app);
    let saved = app.save_application(input(&h, 30_000_000)).unwrap();
    let id = saved.application.id.clone();
    app.move_application(mv(&id, ApplicationEvent::Submit))
        .unwrap();
    let group = h.memberships.iter().find(|m| m.left_on.is_none()).unwrap();
    let sheet = app.meeting_sheet(group.group_id.clone()).unwrap();
    assert!(sheet.waiting.iter().any(|a| a.id == id));
    assert_eq!((sheet.quorum_numerator, sheet.quorum_denominator), (1, 2));
    let keys: Vec<String> = sheet
        .members
        .iter()
        .map(|m| vonxa_domain::text::name_sort_key(m.head_name.as_deref().unwrap_or("")))
        .collect();
    assert!(
        keys.windows(2).all(|w| w[0] <= w[1]),
        "by given name: {keys:?}"
    );
    let members: Vec<String> = sheet
        .members
        .iter()
        .map(|m| m.household_id.clone())
        .collect();
    let meeting = |present: Vec<String>| MeetingInput {
        id: None,
        group_id: group.group_id.clone(),
        held_on: "2026-11-28".into(),
        place: "Nhà văn hóa thôn".into(),
        chair: "Tổ trưởng".into(),
        secretary: "Thư ký".into(),
        guests: Some("Hội Nông dân xã".into()),
        present,
        minutes: None,
    };
    let decide = |meeting_id: &str, votes_for: u32| DecisionInput {
        meeting_id: meeting_id.into(),
        application_id: id.clone(),
        votes_for,
        votes_against: 0,
        votes_abstain: 0,
        decision: VetDecision::Approve,
        approved_amount: None,
        reason: None,
    };
    // Too few present: the decision is refused and the application does not move.
    let thin = app
        .save_meeting(meeting(members[..members.len() / 2].to_vec()))
        .unwrap();
    assert!(!thin.quorum_met);
    let refused = app.record_decision(decide(&thin.id, 1));
    assert!(
        matches!(refused, Err(IpcError::Validation { ref field, .. }) if field == "attendance"),
        "{refused:?}"
    );
    // Everyone present: approved.
    let full = app.save_meeting(meeting(members.clone())).unwrap();
    assert!(full.quorum_met && full.minimum_present <= full.members_total);
    let n = u32::try_from(members.len()).unwrap();
    let done = app.record_decision(decide(&full.id, n - 1)).unwrap();
    assert_eq!(done.decisions.len(), 1);
    assert_eq!(done.decisions[0].decision, VetDecision::Approve);
    let after = app.application_detail(id.clone()).unwrap();
    assert_eq!(after.application.status, ApplicationStatus::VettedApproved);
    assert!(
        !app.meeting_sheet(group.group_id.clone())
            .unwrap()
            .waiting
            .iter()
            .any(|a| a.id == id),
        "no longer waiting"
    );
    // The 03/TD list: the approved line, then the commune's certification and the bank.
    let list = app.proposal_sheet(full.id.clone()).unwrap();
    assert_eq!(list.lists.len(), 1, "one programme, one list");
    let line = &list.lists[0].lines[0];
    assert_eq!(
        (line.amount, list.lists[0].total, list.total),
        (30_000_000, 30_000_000, 30_000_000)
    );
    assert!(line.category.is_some() && !line.purpose_name.is_empty());
    assert_eq!(list.lists[0].programme, line.application.programme);
    assert!(line.certification.is_none() && line.bank.is_none());
    app.move_application(mv(&id, ApplicationEvent::PutOnList))
        .unwrap();
    // The commune's word is recorded from the signed paper: without its reference, refused.
    let bare = app.move_application(mv(&id, ApplicationEvent::CommuneCertify));
    assert!(
        matches!(bare, Err(IpcError::Validation { ref field, .. }) if field == "paperRef"),
        "{bare:?}"
    );
    app.move_application(MoveApplication {
        paper_ref: Some("Số 15/UBND ngày 02/12/2026".into()),
        signed_by: Some("Phó Chủ tịch UBND xã Đinh Văn Hòa".into()),
        ..mv(&id, ApplicationEvent::CommuneCertify)
    })
    .unwrap();
    app.move_application(mv(&id, ApplicationEvent::SendToBank))
        .unwrap();
    let sent = app.proposal_sheet(full.id.clone()).unwrap();
    let line = &sent.lists[0].lines[0];
    assert_eq!(line.application.status, ApplicationStatus::SentToBank);
    let cert = line.certification.as_ref().unwrap();
    assert!(cert.certified);
    assert_eq!(cert.paper_ref, "Số 15/UBND ngày 02/12/2026");
    assert_eq!(cert.signed_by, "Phó Chủ tịch UBND xã Đinh Văn Hòa");
    // The same list as a workbook in the exports folder.
    let path = app.export_proposal(full.id).unwrap();
    assert!(
        path.contains("exports") && path.ends_with(".xlsx"),
        "{path}"
    );
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let ws = wb
        .worksheet_range(&format!("03-TD {}", sent.lists[0].programme))
        .unwrap();
    let cell = |r: u32, c: u32| {
        ws.get_value((r, c))
            .map(|v| v.to_string())
            .unwrap_or_default()
    };
    assert!(cell(1, 0).starts_with("DANH SÁCH HỘ GIA ĐÌNH"));
    assert_eq!(cell(6, 1), line.application.representative_name);
    assert_eq!(cell(6, 2), line.customer_code.clone().unwrap_or_default());
    assert_eq!(cell(6, 5), sent.lists[0].programme_name);
    assert_eq!(cell(6, 6), "30000000");
    assert!(
        cell(6, 9).contains("Số 15/UBND ngày 02/12/2026"),
        "{}",
        cell(6, 9)
    );
    assert_eq!(
        (cell(7, 1), cell(7, 6)),
        ("Tổng cộng".into(), "30000000".into())
    );
}

fn mv(id: &str, event: ApplicationEvent) -> MoveApplication {
    MoveApplication {
        id: id.to_owned(),
        event,
        reason: None,
        paper_ref: None,
        signed_by: None,
    }
}
