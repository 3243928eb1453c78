//! The demo portfolio a `make run` province disburses (`serve --demo-loans`): about three
//! member households in five get a loan, in their category's programme; some overdue, some
//! recent; every group's 13/TD on the device has members with interest due and members without.

#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use std::collections::{HashMap, HashSet};
use vonxa_domain::credit::loan::{Loan, LoanStatus};
use vonxa_domain::reference::Membership;
use vonxa_domain::roles::Role;
use vonxa_province::funduse::demo_loans;

#[tokio::test]
async fn the_demo_commune_gets_a_realistic_portfolio_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let p = sqlite_province(&dir).await;
    let a = Dev::new();
    a.load_demo(200);
    a.enrol(&p.url, &p.code(Role::Admin).await).await;
    a.settle(3).await;
    let done = tokio::sync::Mutex::new(false);
    demo_loans::once(&p.db, &done, today()).await;
    assert!(*done.lock().await);
    a.sync().await.expect("pull the loans");
    let (loans, members) = {
        let s = a.lock();
        let loans: Vec<Loan> =
            vonxa_store::queries::docs(s.connection(), "SELECT doc FROM loans", []).expect("loans");
        let members: Vec<Membership> =
            vonxa_store::queries::docs(s.connection(), "SELECT doc FROM memberships", [])
                .expect("memberships");
        (loans, members)
    };
    let borrowers: HashSet<_> = loans.iter().map(|l| l.household_id).collect();
    let member_households: HashSet<_> = members.iter().map(|m| m.household_id).collect();
    let share = borrowers.len() as f64 / member_households.len() as f64;
    assert!(
        (0.5..0.7).contains(&share),
        "{} of {}",
        borrowers.len(),
        member_households.len()
    );
    assert!(loans.iter().any(|l| l.status == LoanStatus::Overdue));
    assert!(
        loans
            .iter()
            .any(|l| (today() - l.disbursed_on).num_days() < 90)
    );
    assert!(
        loans
            .iter()
            .any(|l| (today() - l.disbursed_on).num_days() > 700)
    );
    let programmes: HashSet<_> = loans.iter().map(|l| l.programme.as_str()).collect();
    assert!(programmes.len() >= 3, "{programmes:?}");
    // Per group: some members owe interest this month, some do not.
    let mut per_group: HashMap<_, (usize, usize)> = HashMap::new();
    for m in &members {
        let e = per_group.entry(m.group_id).or_default();
        e.0 += 1;
        e.1 += usize::from(borrowers.contains(&m.household_id));
    }
    for (g, (n, with)) in per_group {
        assert!(with > 0 && with < n, "group {g}: {with} of {n} with loans");
    }
    // Once: a second call adds nothing.
    let before = loans.len();
    demo_loans::once(&p.db, &tokio::sync::Mutex::new(false), today()).await;
    a.sync().await.expect("sync");
    let n: i64 = a
        .lock()
        .connection()
        .query_row("SELECT count(*) FROM loans", [], |r| r.get(0))
        .expect("count");
    assert_eq!(n as usize, before);
}
