//! Households the directive asks to reach in time: those that left poverty no more than 3 years
//! ago (still eligible for the newly-escaped programme) and have no open loan in it.

use crate::credit::{open_applications, programme_table};
use crate::error::StoreResult;
use crate::queries::{docs, loans_of_household};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;
use vonxa_domain::HouseholdId;
use vonxa_domain::reference::rules::{newly_escaped_on, newly_escaped_until, status_on};
use vonxa_domain::reference::{PovertyCategory, PovertyStatus};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EscapedHousehold {
    pub household_id: HouseholdId,
    pub customer_code: Option<String>,
    pub head_name: String,
    pub village: String,
    pub escaped_on: NaiveDate,
    /// The last day the household still counts as newly escaped.
    pub eligible_until: NaiveDate,
    /// An application in the programme is already on its way.
    pub application_open: bool,
}

/// Newly-escaped households on `on` without an open loan in a programme meant for them,
/// soonest-expiring first.
pub fn escaped_without_loan(
    conn: &rusqlite::Connection,
    on: NaiveDate,
) -> StoreResult<Vec<EscapedHousehold>> {
    let table = programme_table(conn)?;
    let programmes: Vec<String> = table
        .meant_for(PovertyCategory::NewlyEscaped)
        .map(|p| p.code.clone())
        .collect();
    let all: Vec<PovertyStatus> = docs(
        conn,
        "SELECT doc FROM poverty_status WHERE household_id IN
           (SELECT household_id FROM poverty_status WHERE category = 'newly_escaped')",
        [],
    )?;
    let mut by_household: BTreeMap<HouseholdId, Vec<PovertyStatus>> = BTreeMap::new();
    for s in all {
        by_household.entry(s.household_id).or_default().push(s);
    }
    let mut out = Vec::new();
    for (h, history) in by_household {
        let Some(now) = status_on(&history, on).filter(|s| newly_escaped_on(s, on)) else {
            continue;
        };
        let Some(escaped_on) = now.escaped_on else {
            continue;
        };
        let loans = loans_of_household(conn, h)?;
        if loans
            .iter()
            .any(|l| l.status_on(on).is_open() && programmes.contains(&l.programme))
        {
            continue;
        }
        let mut application_open = false;
        for p in &programmes {
            application_open |= !open_applications(conn, h, p)?.is_empty();
        }
        let (customer_code, head_name, village) = conn.query_row(
            "SELECT h.customer_code, coalesce(p.full_name, ''), coalesce(v.name, '')
               FROM households h LEFT JOIN persons p ON p.id = h.head_person_id
               LEFT JOIN villages v ON v.id = h.village_id WHERE h.id = ?1",
            [h.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        out.push(EscapedHousehold {
            household_id: h,
            customer_code,
            head_name,
            village,
            escaped_on,
            eligible_until: newly_escaped_until(escaped_on),
            application_open,
        });
    }
    out.sort_by_key(|e| (e.eligible_until, e.head_name.clone()));
    Ok(out)
}
