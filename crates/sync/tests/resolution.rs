//! A discrepancy case resolved offline is no longer open at the province, and a second
//! laptop's resolution of the same case is refused: the first laptop's stands.
#![allow(clippy::unwrap_used)]

mod common;

use common::money::*;
use common::*;
use vonxa_domain::cash::*;
use vonxa_domain::roles::Role;
use vonxa_domain::*;
use vonxa_province::Backend;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_case_resolved_offline_is_no_longer_open_and_a_second_resolution_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let p = sqlite_province(&tmp).await;
    let (a, b) = (Dev::new(), Dev::new());
    a.load_demo(40);
    a.enrol(&p.url, &p.code(Role::Admin).await).await;
    a.settle(3).await;
    b.enrol(&p.url, &p.code(Role::PointLeader).await).await;
    let (g, _) = group_with_members(&a);
    // The session closes with 10,000 đ the system does not know of; both laptops get it.
    let session = a
        .lock()
        .open_session(&a.admin, new_session(g.point_id))
        .unwrap();
    let ten = vec![DenominationCount {
        value: 10_000,
        count: 1,
    }];
    let close = a
        .lock()
        .close_session(&a.admin, session.id, ten, Some("Thừa".into()))
        .unwrap();
    a.settle(3).await;
    b.settle(3).await;
    let token = a.lock().sync_config().unwrap().unwrap().token;
    let client = vonxa_sync::Client::new(&p.url, Some(token)).unwrap();
    let (code, day) = (demo_point_code(), today().to_string());
    let pf = client.point_figures(&code, &day, &day).await.unwrap();
    assert_eq!(
        (pf.open_discrepancies.len(), pf.resolved_discrepancies),
        (1, 0)
    );

    // Offline, each laptop resolves the case; A's reaches the province first.
    let resolve = |outcome, amount: Option<i64>| vonxa_store::money::resolution::Resolve {
        case_kind: CaseKind::Close,
        case_id: close.id.as_uuid(),
        outcome,
        amount: amount.map(Money::dong),
        settled_in_session: amount.map(|_| session.id),
        note: "Trả lại người nộp thừa".into(),
        resolved_on: None,
        resolved_by: "Đinh Văn Tèo".into(),
    };
    a.lock()
        .resolve_discrepancy(&a.admin, resolve(ResolutionOutcome::CountingError, None))
        .unwrap();
    let theirs = b
        .lock()
        .resolve_discrepancy(&b.admin, resolve(ResolutionOutcome::Escalated, None))
        .unwrap();
    a.settle(3).await;
    let pf = client.point_figures(&code, &day, &day).await.unwrap();
    assert!(pf.open_discrepancies.is_empty(), "{pf:?}");
    assert_eq!(pf.resolved_discrepancies, 1);

    // B's is refused, with the reason, and nothing of it applied.
    let head = p.db.head().await.unwrap();
    b.sync().await.unwrap();
    let refused = b.lock().rejected_changes(10).unwrap();
    let mine = refused
        .iter()
        .find(|r| r.entity_id == theirs.id.to_string())
        .unwrap();
    assert_eq!(mine.code, "invalid", "{mine:?}");
    assert!(
        mine.detail
            .as_deref()
            .unwrap_or("")
            .contains("already_resolved"),
        "{mine:?}"
    );
    assert_eq!(p.db.head().await.unwrap(), head, "nothing applied");
    let pf = client.point_figures(&code, &day, &day).await.unwrap();
    assert_eq!(
        (pf.open_discrepancies.len(), pf.resolved_discrepancies),
        (0, 1)
    );
    // B keeps its own (append-only); the accepted one it pulled waits in its inbox errors.
    let held: i64 = b
        .lock()
        .connection()
        .query_row("SELECT count(*) FROM sync_inbox_errors", [], |r| r.get(0))
        .unwrap();
    assert_eq!(held, 1);
}
