//! The 03/TD list of a meeting: the applications it approved, with what the printed form shows.

use crate::contract::{ProposalLine, ProposalSheet};
use crate::credit::info;
use crate::error::{CoreResult, IpcError};
use crate::{App, map};
use vonxa_domain::credit::dossier::Application;
use vonxa_domain::credit::meeting::Decision;
use vonxa_domain::credit::vetting::{Meeting, VettingDecision};
use vonxa_domain::reference::rules::status_on;
use vonxa_domain::reference::{Group, Household, Organisation, Point, PovertyStatus, Village};
use vonxa_domain::*;
use vonxa_store::Store;
use vonxa_store::queries::docs;
use vonxa_store::records::load;

fn sheet(store: &Store, id: MeetingId) -> CoreResult<ProposalSheet> {
    let conn = store.connection();
    let m: Meeting = load(conn, id.as_uuid())?;
    let g: Group = load(conn, m.group_id.as_uuid())?;
    let org: Organisation = load(conn, g.organisation_id.as_uuid())?;
    let point: Point = load(conn, g.point_id.as_uuid())?;
    let commune: Option<String> = conn
        .query_row(
            "SELECT name FROM admin_units WHERE code = ?1",
            [&org.commune_code],
            |r| r.get(0),
        )
        .ok();
    let decisions: Vec<VettingDecision> = docs(
        conn,
        "SELECT doc FROM vetting_decisions WHERE meeting_id = ?1 ORDER BY rowid",
        [id.to_string()],
    )?;
    let mut lines = Vec::new();
    for d in decisions
        .iter()
        .filter(|d| matches!(d.decision, Decision::Approve | Decision::ApproveReduced))
    {
        let app: Application = load(conn, d.application_id.as_uuid())?;
        let h: Household = load(conn, app.household_id.as_uuid())?;
        let village: Village = load(conn, h.village_id.as_uuid())?;
        let poverty: Vec<PovertyStatus> = docs(
            conn,
            "SELECT doc FROM poverty_status WHERE household_id = ?1",
            [h.id.to_string()],
        )?;
        let purpose = app
            .programme()
            .and_then(|p| p.purposes.into_iter().find(|x| x.code == app.purpose_code))
            .map_or_else(|| app.purpose_code.clone(), |p| p.name_vi);
        lines.push(ProposalLine {
            village_name: village.name,
            category: status_on(&poverty, app.applied_on).map(|s| s.category.into()),
            purpose_name: purpose,
            amount: d.approved_amount.unwrap_or(d.requested).as_dong(),
            application: info(store, &app)?,
        });
    }
    let total = Money::checked_sum(lines.iter().map(|l| Money::dong(l.amount)))
        .ok_or_else(|| DomainError::invalid("amount", Code::Overflow))?;
    Ok(ProposalSheet {
        meeting: crate::vetting::meeting_info(store, &m)?,
        group_name: g.name,
        organisation_name: org.name,
        commune_name: commune.unwrap_or(org.commune_code),
        point_name: point.name,
        lines,
        total: total.as_dong(),
    })
}

impl App {
    pub fn proposal_sheet(&self, meeting_id: String) -> Result<ProposalSheet, IpcError> {
        self.with(|s| sheet(&s.store, map::id(&meeting_id, "meetingId")?))
    }
}
