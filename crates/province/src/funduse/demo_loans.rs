//! The demo commune's loans, as a local province for `make run` disburses them (`serve
//! --demo-loans`): on a device's first pull after its commune arrived, about three member
//! households in five get a loan in the programme their poverty category opens (poor: HN,
//! near-poor: HCN, newly escaped: HMTN, others: clean water), some a second one for clean
//! water; a third disbursed in the last three months (fund-use checks due and overdue), the
//! rest over the last three years, partly repaid, one in thirteen of those overdue. So the
//! 13/TD shows interest due, the worklist has checks and households have balances.

use super::disburse::{DisburseError, Disbursement, loan_of, record};
use crate::db::{Backend, programme_table};
use chrono::{Datelike, Days, NaiveDate};
use std::collections::HashMap;
use tokio::sync::Mutex;
use vonxa_domain::credit::loan::{Loan, LoanStatus};
use vonxa_domain::credit::table::ProgrammeTable;
use vonxa_domain::reference::{Membership, PovertyCategory, PovertyStatus};
use vonxa_domain::{HouseholdId, Money};

/// Disburse the demo portfolio once per province: on the first call that finds member
/// households and no loan. Later calls return at once.
pub async fn once<B: Backend>(db: &B, done: &Mutex<bool>, today: NaiveDate) {
    let mut done = done.lock().await;
    if *done {
        return;
    }
    match db.current(vec!["loan".into()]).await {
        Ok(loans) if !loans.is_empty() => *done = true,
        Ok(_) => match portfolio(db, today).await {
            Ok(n) if n > 0 => {
                tracing::info!(loans = n, "demo loans disbursed");
                *done = true;
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "demo loans not disbursed"),
        },
        Err(e) => tracing::warn!(error = %e, "demo loans: reading loans"),
    }
}

/// The demo portfolio for the member households the province holds; the number of loans.
pub async fn portfolio<B: Backend>(db: &B, today: NaiveDate) -> Result<usize, DisburseError> {
    let mut members: Vec<Membership> = parsed(db, "membership").await?;
    members.retain(|m| m.is_active_on(today));
    members.sort_by_key(|m| m.household_id);
    members.dedup_by_key(|m| m.household_id);
    let mut category: HashMap<HouseholdId, (NaiveDate, PovertyCategory)> = HashMap::new();
    for s in parsed::<B, PovertyStatus>(db, "poverty_status").await? {
        let e = category
            .entry(s.household_id)
            .or_insert((s.valid_from, s.category));
        if s.valid_from >= e.0 {
            *e = (s.valid_from, s.category);
        }
    }
    let table = programme_table(db).await?;
    let mut loans = Vec::new();
    for (i, m) in members.iter().enumerate() {
        // The random bits of the household's id choose, so that no group is all or nothing
        // (the demo assigns households to groups in turn).
        let k = (m.household_id.as_uuid().as_u128() % 9_973) as usize;
        if k % 5 >= 3 {
            continue;
        }
        // The programme meant for the household's category (the domain's rule), else clean water.
        let own = category
            .get(&m.household_id)
            .and_then(|c| table.meant_for(c.1).next());
        let (programme, purpose) = match own {
            Some(p) => (
                p.code.as_str(),
                p.purposes.first().map_or("", |x| x.name_vi.as_str()),
            ),
            None => ("NSVSMT", "Công trình nước sạch"),
        };
        let first = Pick { n: i, k, shift: 0 };
        loans.extend(one(db, &table, m, first, programme, purpose, today).await?);
        if k % 10 == 1 && programme != "NSVSMT" {
            let second = Pick { n: i, k, shift: 7 };
            loans.extend(one(db, &table, m, second, "NSVSMT", "Công trình vệ sinh", today).await?);
        }
    }
    let n = loans.len();
    record(db, loans).await?;
    Ok(n)
}

async fn parsed<B: Backend, T: serde::de::DeserializeOwned>(
    db: &B,
    kind: &str,
) -> Result<Vec<T>, DisburseError> {
    Ok(db
        .current(vec![kind.into()])
        .await?
        .into_iter()
        .filter_map(|r| serde_json::from_value(r.payload).ok())
        .collect())
}

/// Which demo loan: of the `n`-th member household, whose id gives `k`; `shift` varies a
/// household's second loan.
#[derive(Clone, Copy)]
struct Pick {
    n: usize,
    k: usize,
    shift: usize,
}

/// One demo loan, repaid as far as its age says; `None` when the programme had no rate on the
/// day.
async fn one<B: Backend>(
    db: &B,
    table: &ProgrammeTable,
    m: &Membership,
    Pick { n, k, shift }: Pick,
    programme: &str,
    purpose: &str,
    today: NaiveDate,
) -> Result<Option<Loan>, DisburseError> {
    let i = k + shift;
    let recent = i % 3 == 0;
    let days = if recent {
        (i as u64 * 7) % 90
    } else {
        120 + (i as u64 * 37) % 1_000
    };
    let on = today
        .checked_sub_days(Days::new(days))
        .unwrap_or(today)
        .max(m.joined_on);
    let water = programme == "NSVSMT";
    let principal = if water {
        15_000_000 + 5_000_000 * (i as i64 % 3)
    } else {
        30_000_000 + 5_000_000 * (i as i64 % 11)
    };
    let term = 60;
    let d = Disbursement {
        contract_no: format!("DEMO-{:04}-{shift}", n + 1),
        household: m.household_id,
        borrower: None,
        programme: programme.into(),
        amount: Money::dong(principal),
        on,
        purpose: purpose.into(),
        term_months: term,
        group: Some(m.group_id),
        organisation: None,
    };
    let mut loan = match loan_of(db, d, today).await {
        Ok(l) => l,
        Err(DisburseError::NoRate(_)) => return Ok(None),
        Err(e) => return Err(e),
    };
    // Repaid in equal instalments each month since, in hundreds of thousands; the bank's books
    // as of the first of this month (or the disbursement day, if later), nothing unpaid then.
    let months = (today.year() - on.year()) * 12 + today.month() as i32 - on.month() as i32;
    let paid = principal / i64::from(term) * i64::from(months.max(0));
    let outstanding = (principal - paid / 100_000 * 100_000).max(principal / 10);
    loan.outstanding = Money::dong(outstanding);
    loan.outstanding_as_of = today.with_day(1).unwrap_or(today).max(on);
    if !recent && i % 13 == 2 {
        loan.status = LoanStatus::Overdue;
        loan.overdue = Money::dong((principal / i64::from(term) * 3).min(outstanding));
    }
    Ok(Some(loan.validate(today, table)?))
}
