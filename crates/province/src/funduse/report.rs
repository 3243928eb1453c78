//! What the province shows of fund-use checks: the flags findings raised (with the check and
//! its evidence), and the figures per group, organisation and commune for a period
//! (`vonxa_domain::funduse::tally` says what each figure means). A device sees what its scope
//! covers; the CLI sees the whole province.

use crate::db::{Backend, DbResult, StoredFlag, Visibility};
use crate::ingest::in_scope;
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap, HashSet};
use vonxa_domain::credit::loan::Loan;
use vonxa_domain::funduse::check::effective;
use vonxa_domain::funduse::tally::{Period, Tally, tally_loan};
use vonxa_domain::funduse::{CheckPolicy, FundCheck};
use vonxa_domain::reference::{Group, Organisation, Point};
use vonxa_domain::{GroupId, LoanId, OrganisationId};
use vonxa_protocol::{CountLevel, CountRow, EvidenceInfo, FlagInfo, Scope};

fn visible(scope: Option<&Scope>, f: &StoredFlag) -> bool {
    scope.is_none_or(|s| in_scope(s, Visibility::Scoped, &f.point_code, f.group_id))
}

/// The flags raised by findings, oldest first.
pub async fn flags<B: Backend>(db: &B, scope: Option<&Scope>) -> DbResult<Vec<FlagInfo>> {
    let mut out = Vec::new();
    for f in db.flags().await?.into_iter().filter(|f| visible(scope, f)) {
        out.push(FlagInfo {
            check_id: f.check_id,
            loan_id: f.loan_id,
            flag: serde_json::from_value(serde_json::Value::String(f.flag))?,
            outcome: serde_json::from_value(serde_json::Value::String(f.outcome))?,
            raised_at: f.raised_at,
            superseded_by: f.superseded_by,
            check: f.check,
            evidence: f
                .photos
                .into_iter()
                .map(|(hash, received)| EvidenceInfo { hash, received })
                .collect(),
        });
    }
    Ok(out)
}

fn docs<T: serde::de::DeserializeOwned>(
    all: &[crate::db::RefRecord],
    kind: &str,
) -> DbResult<Vec<T>> {
    all.iter()
        .filter(|r| r.entity == kind)
        .map(|r| Ok(serde_json::from_value(r.payload.clone())?))
        .collect()
}

/// The figures of the loans in `scope` (all when `None`) for `period`, one row per group,
/// organisation and commune, in that order and by name.
pub async fn counts<B: Backend>(
    db: &B,
    scope: Option<&Scope>,
    period: Period,
    policy: CheckPolicy,
    today: NaiveDate,
) -> DbResult<Vec<CountRow>> {
    let kinds = ["loan", "fund_check", "group", "organisation", "point"];
    let all = db
        .current(kinds.iter().map(|k| (*k).to_owned()).collect())
        .await?;
    let points: Vec<Point> = docs(&all, "point")?;
    let groups: HashMap<GroupId, Group> = docs::<Group>(&all, "group")?
        .into_iter()
        .map(|g| (g.id, g))
        .collect();
    let orgs: HashMap<OrganisationId, Organisation> = docs::<Organisation>(&all, "organisation")?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let mut checks: HashMap<LoanId, Vec<FundCheck>> = HashMap::new();
    for c in docs::<FundCheck>(&all, "fund_check")? {
        checks.entry(c.loan_id).or_default().push(c);
    }
    let in_scope_points: Option<HashSet<_>> = match scope {
        Some(Scope::Points { codes }) => Some(
            points
                .iter()
                .filter(|p| codes.contains(&p.code))
                .map(|p| p.id)
                .collect(),
        ),
        _ => None,
    };
    let mut rows: BTreeMap<(CountLevel, String), (String, Tally)> = BTreeMap::new();
    for loan in docs::<Loan>(&all, "loan")? {
        let covered = match scope {
            None => true,
            Some(Scope::Points { .. }) => in_scope_points
                .as_ref()
                .is_some_and(|p| p.contains(&loan.point_id)),
            Some(Scope::Group { group_id }) => loan.group_id == Some(*group_id),
        };
        if !covered {
            continue;
        }
        let mine = checks.remove(&loan.id).unwrap_or_default();
        let t = tally_loan(loan.disbursed_on, &effective(&mine), policy, period, today);
        let group = loan.group_id.and_then(|g| groups.get(&g));
        let org = loan
            .organisation_id
            .or(group.map(|g| g.organisation_id))
            .and_then(|o| orgs.get(&o));
        let mut add = |level, key: String, name: String| {
            rows.entry((level, key))
                .or_insert_with(|| (name, Tally::default()))
                .1
                .add(&t);
        };
        if let Some(g) = group {
            add(CountLevel::Group, g.id.to_string(), g.name.clone());
        }
        if let Some(o) = org {
            add(CountLevel::Organisation, o.id.to_string(), o.name.clone());
            add(
                CountLevel::Commune,
                o.commune_code.clone(),
                o.commune_code.clone(),
            );
        }
    }
    let mut out: Vec<CountRow> = rows
        .into_iter()
        .map(|((level, key), (name, t))| CountRow {
            level,
            key,
            name,
            due: t.due,
            on_time: t.on_time,
            late: t.late,
            missing: t.missing,
            by_outcome: t.by_outcome,
        })
        .collect();
    out.sort_by(|a, b| (a.level, &a.name, &a.key).cmp(&(b.level, &b.name, &b.key)));
    Ok(out)
}

/// A period from the query, refused when it runs backwards.
pub fn period(from: NaiveDate, to: NaiveDate) -> Option<Period> {
    (from <= to).then_some(Period { from, to })
}
