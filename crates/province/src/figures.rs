//! Money figures from the ledger: per group and month (collected against due, the handover)
//! and per point over days (savings mobilised, sessions, handovers, discrepancy cases: open,
//! and how many of the period's were resolved).
//! The sums are the domain's (`cash::sheet`), the interest due the same rule as on devices.

use crate::db::{Backend, DbError, DbResult, LedgerQuery, LedgerRow, programme_table};
use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use uuid::Uuid;
use vonxa_domain::cash::sheet::{collected, loan_interest};
use vonxa_domain::cash::{
    CashSession, DiscrepancyResolution, Handover, MoneyEntry, Payment, SessionClose,
};
use vonxa_domain::credit::loan::Loan;
use vonxa_domain::credit::relief::Place;
use vonxa_domain::reference::PointCommune;
use vonxa_domain::{Money, PointId};
use vonxa_protocol::figures::*;

fn docs<T: DeserializeOwned>(rows: &[LedgerRow], entity: &str) -> DbResult<Vec<T>> {
    rows.iter()
        .filter(|r| r.entity == entity)
        .map(|r| Ok(serde_json::from_str(&r.doc)?))
        .collect()
}

fn sum(items: impl IntoIterator<Item = Money>) -> DbResult<Money> {
    Money::checked_sum(items).ok_or_else(|| DbError::Corrupt("amounts overflow".into()))
}

fn domain(e: vonxa_domain::DomainError) -> DbError {
    DbError::Corrupt(e.to_string())
}

fn handover(h: &Handover) -> DbResult<HandoverFigure> {
    Ok(HandoverFigure {
        id: h.id.as_uuid(),
        session_id: h.session_id.as_uuid(),
        group_id: h.group_id.as_uuid(),
        period: h.period.to_string(),
        expected: h.expected,
        counted: h.counted,
        difference: h.difference().map_err(domain)?,
        explanation: h.explanation.clone(),
    })
}

/// Where a point's loans are (its office's province, the communes it serves), for reliefs.
async fn place_of<B: Backend>(db: &B, point: PointId) -> DbResult<Place> {
    let kinds = vec!["point".into(), "office".into(), "point_commune".into()];
    let records = db.current(kinds).await?;
    let mut office = None;
    let mut communes = Vec::new();
    for r in &records {
        match r.entity.as_str() {
            "point" if r.payload.get("id").and_then(|v| v.as_str()) == Some(&point.to_string()) => {
                office = r
                    .payload
                    .get("officeId")
                    .and_then(|v| v.as_str())
                    .map(str::to_owned);
            }
            "point_commune" => {
                let p: PointCommune = serde_json::from_value(r.payload.clone())?;
                if p.point_id == point {
                    communes.push(p.commune_code);
                }
            }
            _ => {}
        }
    }
    let province = records
        .iter()
        .filter(|r| r.entity == "office")
        .find(|r| r.payload.get("id").and_then(|v| v.as_str()) == office.as_deref())
        .and_then(|r| r.payload.get("provinceCode").and_then(|v| v.as_str()))
        .unwrap_or_default()
        .to_owned();
    Ok(Place { province, communes })
}

/// A group's month: `period` is its first day.
pub async fn group<B: Backend>(db: &B, group: Uuid, period: NaiveDate) -> DbResult<GroupFigures> {
    let p = period.to_string();
    let rows = db
        .ledger(LedgerQuery::Group {
            group_id: group.to_string(),
            from: p.clone(),
            to: p.clone(),
        })
        .await?;
    let entries: Vec<MoneyEntry> = docs(&rows, "money_entry")?;
    let (_, paid) = collected(&entries, group.into(), period).map_err(domain)?;
    let table = programme_table(db).await?;
    let mut due = Money::ZERO;
    let mut places: Vec<(PointId, Place)> = Vec::new();
    for r in db.current(vec!["loan".into()]).await? {
        let l: Loan = serde_json::from_value(r.payload)?;
        if l.group_id.map(|g| g.as_uuid()) == Some(group) {
            if !places.iter().any(|(p, _)| *p == l.point_id) {
                places.push((l.point_id, place_of(db, l.point_id).await?));
            }
            let place = places
                .iter()
                .find(|(p, _)| *p == l.point_id)
                .map(|(_, place)| place.clone())
                .unwrap_or_default();
            due = sum([
                due,
                loan_interest(&l, &table, &place, period).map_err(domain)?,
            ])?;
        }
    }
    let handovers: Vec<Handover> = docs(&rows, "handover")?;
    Ok(GroupFigures {
        group_id: group,
        period: p,
        interest_due: due,
        interest_collected: paid.interest,
        savings: paid.savings,
        principal_from_savings: paid.principal_from_savings,
        cash: paid.cash().map_err(domain)?,
        receipts: u32::try_from(entries.len()).unwrap_or(u32::MAX),
        handover: handovers.first().map(handover).transpose()?,
    })
}

/// A point's money for the days `from ..= to`.
pub async fn point<B: Backend>(
    db: &B,
    code: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> DbResult<PointFigures> {
    let rows = db
        .ledger(LedgerQuery::Point {
            code: code.to_owned(),
            from: from.to_string(),
            to: to.to_string(),
        })
        .await?;
    let entries: Vec<MoneyEntry> = docs(&rows, "money_entry")?;
    let (mut deposits, mut withdrawals, mut member, mut interest) =
        (vec![], vec![], vec![], vec![]);
    let (mut repaid, mut paid_out) = (vec![], vec![]);
    for e in &entries {
        match &e.payment {
            Payment::Deposit { amount, .. } => deposits.push(*amount),
            Payment::Withdrawal { amount, .. } => withdrawals.push(*amount),
            Payment::Repayment { amount, .. } => repaid.push(*amount),
            Payment::Payout { amount, .. } => paid_out.push(*amount),
            Payment::Collection { interest: i, .. } => {
                member.push(e.payment.balance_delta().1);
                interest.push(*i);
            }
        }
    }
    let (deposits, withdrawals, member) = (sum(deposits)?, sum(withdrawals)?, sum(member)?);
    let mobilised = sum([deposits, member])?
        .checked_sub(withdrawals)
        .ok_or_else(|| DbError::Corrupt("amounts overflow".into()))?;
    let closes: Vec<SessionClose> = docs(&rows, "session_close")?;
    let sessions: Vec<CashSession> = docs(&rows, "cash_session")?;
    let handovers: Vec<Handover> = docs(&rows, "handover")?;
    let resolutions: Vec<DiscrepancyResolution> = docs(&rows, "discrepancy_resolution")?;
    let resolved = |id: Uuid| resolutions.iter().any(|r| r.case_id == id);
    let mut open = Vec::new();
    let mut closed_cases = 0u32;
    for h in &handovers {
        let amount = h.difference().map_err(domain)?;
        if amount != Money::ZERO && resolved(h.id.as_uuid()) {
            closed_cases += 1;
        } else if amount != Money::ZERO {
            open.push(DiscrepancyFigure {
                kind: "handover".into(),
                id: h.id.as_uuid(),
                session_id: h.session_id.as_uuid(),
                group_id: Some(h.group_id.as_uuid()),
                amount,
                explanation: h.explanation.clone(),
            });
        }
    }
    for c in &closes {
        let amount = c.difference().map_err(domain)?;
        if amount != Money::ZERO && resolved(c.id.as_uuid()) {
            closed_cases += 1;
        } else if amount != Money::ZERO {
            open.push(DiscrepancyFigure {
                kind: "close".into(),
                id: c.id.as_uuid(),
                session_id: c.session_id.as_uuid(),
                group_id: None,
                amount,
                explanation: c.explanation.clone(),
            });
        }
    }
    Ok(PointFigures {
        point_code: code.to_owned(),
        from: from.to_string(),
        to: to.to_string(),
        deposits,
        withdrawals,
        member_savings: member,
        savings_mobilised: mobilised,
        interest_collected: sum(interest)?,
        principal_repaid: sum(repaid)?,
        paid_out: sum(paid_out)?,
        sessions: sessions
            .iter()
            .map(|s| {
                let close = closes.iter().find(|c| c.session_id == s.id);
                Ok(SessionFigure {
                    id: s.id.as_uuid(),
                    held_on: s.held_on.to_string(),
                    opening_cash: s.opening_cash,
                    closed: close.is_some(),
                    system_total: close.map(|c| c.system_total),
                    counted_total: close.map(|c| c.counted_total),
                    difference: close
                        .map(SessionClose::difference)
                        .transpose()
                        .map_err(domain)?,
                    explanation: close.and_then(|c| c.explanation.clone()),
                })
            })
            .collect::<DbResult<_>>()?,
        handovers: handovers.iter().map(handover).collect::<DbResult<_>>()?,
        open_discrepancies: open,
        resolved_discrepancies: closed_cases,
    })
}

/// Alerts of broken money chains, newest first.
pub async fn alerts<B: Backend>(db: &B) -> DbResult<AlertsResponse> {
    Ok(AlertsResponse {
        alerts: db
            .alerts()
            .await?
            .into_iter()
            .map(|a| ChainAlert {
                device_id: a.device_id.as_uuid(),
                kind: a.kind,
                seq: a.seq,
                entity_id: a.entity_id,
                change_id: a.change_id,
                detected_at: a.detected_at,
            })
            .collect(),
    })
}
