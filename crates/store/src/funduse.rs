//! Fund-use checks (06/TD) on the device: each check validated against its loan, its photos
//! and the check it supersedes; the worklist of loans to check, from the policy in force.

use crate::error::StoreResult;
use crate::queries::docs;
use crate::records::{Record, load};
use crate::settings;
use chrono::NaiveDate;
use rusqlite::{Connection, Transaction, params};
use std::collections::HashMap;
use uuid::Uuid;
use vonxa_domain::credit::loan::Loan;
use vonxa_domain::entity::EntityKind;
use vonxa_domain::funduse::check::effective;
use vonxa_domain::funduse::{FundCheck, Standing, WorkState, standing, work_state};
use vonxa_domain::reference::Group;
use vonxa_domain::{Code, DomainError, GroupId, LoanId, OrganisationId};

impl Record for FundCheck {
    const KIND: EntityKind = EntityKind::FundCheck;
    fn id(&self) -> Uuid {
        self.id.as_uuid()
    }
    fn check(self, tx: &Transaction<'_>, today: NaiveDate) -> StoreResult<Self> {
        let s = self.validate(today)?;
        let loan: Loan = load(tx, s.loan_id.as_uuid())
            .map_err(|_| DomainError::invalid("loanId", Code::NotFound))?;
        s.against_loan(&loan)?;
        let mut checkers = Vec::new();
        for p in s.checker_persons() {
            checkers.extend(crate::vetting::household_of(tx, Some(p))?);
        }
        s.check_independent(
            &checkers,
            &crate::vetting::related_of(tx, s.household_id, &checkers)?,
        )?;
        for h in &s.photos {
            if !crate::blobs::has_blob(tx, h)? {
                return Err(DomainError::invalid("photos", Code::NotFound).into());
            }
        }
        if let Some(old_id) = s.supersedes {
            let old: FundCheck = load(tx, old_id.as_uuid())
                .map_err(|_| DomainError::invalid("supersedes", Code::NotFound))?;
            s.may_supersede(&old, is_superseded(tx, old_id.as_uuid())?)?;
        }
        Ok(s)
    }
    /// The photos of a check written here wait in the upload queue.
    fn after_write(&self, tx: &Transaction<'_>) -> StoreResult<()> {
        for h in &self.photos {
            tx.prepare_cached("INSERT OR IGNORE INTO blob_uploads (hash) VALUES (?1)")?
                .execute([h])?;
        }
        Ok(())
    }
}

/// Has another check already replaced check `id`?
pub fn is_superseded(conn: &Connection, id: Uuid) -> StoreResult<bool> {
    let n: i64 = conn
        .prepare_cached("SELECT count(*) FROM fund_checks WHERE supersedes = ?1")?
        .query_row([id.to_string()], |r| r.get(0))?;
    Ok(n > 0)
}

/// Every check of a loan (superseded ones too), by check date.
pub fn checks_of_loan(conn: &Connection, loan: LoanId) -> StoreResult<Vec<FundCheck>> {
    docs(
        conn,
        "SELECT doc FROM fund_checks WHERE loan_id = ?1 ORDER BY checked_on, id",
        [loan.to_string()],
    )
}

/// Which loans a worklist shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WorkFilter {
    pub group: Option<GroupId>,
    pub organisation: Option<OrganisationId>,
    pub state: Option<WorkState>,
}

/// One loan on the worklist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkItem {
    pub loan: Loan,
    /// The organisation at disbursement (the loan's, else its group's).
    pub organisation_id: Option<OrganisationId>,
    pub due: NaiveDate,
    pub standing: Standing,
    pub state: WorkState,
    /// The latest check in force.
    pub last: Option<FundCheck>,
}

/// The loans on this device (all statuses) of a group and an organisation at disbursement,
/// with that organisation: the loan's own, else its group's. By disbursement day.
pub fn loans_of(
    conn: &Connection,
    group: Option<GroupId>,
    organisation: Option<OrganisationId>,
) -> StoreResult<Vec<(Loan, Option<OrganisationId>)>> {
    let loans: Vec<Loan> = docs(
        conn,
        "SELECT doc FROM loans WHERE (?1 IS NULL OR group_id = ?1) ORDER BY disbursed_on, id",
        params![group.map(|g| g.to_string())],
    )?;
    let groups: HashMap<GroupId, Group> = docs::<Group, _>(conn, "SELECT doc FROM groups", [])?
        .into_iter()
        .map(|g| (g.id, g))
        .collect();
    Ok(loans
        .into_iter()
        .map(|l| {
            let org = l.organisation_id.or_else(|| {
                l.group_id
                    .and_then(|g| groups.get(&g))
                    .map(|g| g.organisation_id)
            });
            (l, org)
        })
        .filter(|(_, org)| organisation.is_none() || *org == organisation)
        .collect())
}

/// The open loans on this device with their next check, filtered; overdue first (most days
/// late first), then by due day.
pub fn worklist(conn: &Connection, f: WorkFilter, today: NaiveDate) -> StoreResult<Vec<WorkItem>> {
    let policy = settings::funduse_policy(conn)?;
    let loans = loans_of(conn, f.group, f.organisation)?;
    let mut checks: HashMap<LoanId, Vec<FundCheck>> = HashMap::new();
    for c in docs::<FundCheck, _>(conn, "SELECT doc FROM fund_checks", [])? {
        checks.entry(c.loan_id).or_default().push(c);
    }
    let mut out = Vec::new();
    // The status on the day, not the snapshot: a loan written off last month leaves the list.
    for (loan, org) in loans
        .into_iter()
        .filter(|(l, _)| l.status_on(today).is_open())
    {
        let all = checks.remove(&loan.id).unwrap_or_default();
        let in_force = effective(&all);
        let dated: Vec<_> = in_force.iter().map(|c| (c.checked_on, c.outcome)).collect();
        let (due, state) = work_state(loan.disbursed_on, &dated, policy, today);
        if f.state.is_some_and(|s| s != state) {
            continue;
        }
        out.push(WorkItem {
            organisation_id: org,
            due,
            standing: standing(due, today),
            state,
            last: in_force.last().map(|c| (*c).clone()),
            loan,
        });
    }
    out.sort_by_key(|w| match w.standing {
        Standing::Overdue(days) => (0, -i64::from(days), w.due),
        Standing::Due(_) => (1, 0, w.due),
    });
    Ok(out)
}

/// How many loans on this device are overdue for a check (the home screen's figure).
pub fn overdue_count(conn: &Connection, today: NaiveDate) -> StoreResult<usize> {
    let f = WorkFilter {
        state: Some(WorkState::Overdue),
        ..WorkFilter::default()
    };
    Ok(worklist(conn, f, today)?.len())
}
