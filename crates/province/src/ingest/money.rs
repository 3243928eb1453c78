//! Money records at the province, decided as purely as the rest of ingest: each device's hash
//! chain is verified link by link (a gap, a fork or an altered record raises an alert), then
//! the domain's money rules (`vonxa_domain::cash::rules`) over what the backend loaded for
//! the page (`facts`): ledger rows, the groups the page names and their memberships.

use super::plan::{Alert, LedgerRow, Plan};
use super::{Item, Prepared};
use serde_json::Value;
use std::collections::HashMap;
use uuid::Uuid;
use vonxa_domain::cash::MoneyEntry;
use vonxa_domain::cash::entry::Balance;
use vonxa_domain::cash::rules;
use vonxa_domain::credit::loan::Loan;
use vonxa_domain::entity::EntityKind;
use vonxa_domain::error::DomainResult;
use vonxa_domain::journal::{self, ChainFault, ChainLink};
use vonxa_domain::reference::{Group, Membership};
use vonxa_domain::{Code, DeviceId, DomainError, GroupId, PointId};
use vonxa_protocol::{PushResult, RejectCode};

mod facts;

/// What a page of money records is decided against.
#[derive(Clone, Debug, Default)]
pub struct MoneyState {
    /// The last verified link of each device's chain.
    pub heads: HashMap<DeviceId, ChainLink>,
    /// Ledger rows the page may need (and those it accepts, as it goes).
    pub rows: HashMap<Uuid, (EntityKind, Value)>,
    /// The point of each group the page's collections and handovers name.
    pub groups: HashMap<GroupId, PointId>,
    /// The memberships of those groups, by id.
    pub members: HashMap<Uuid, Membership>,
    /// The loans the page's repayments and payouts name.
    pub loans: HashMap<Uuid, Loan>,
}

/// Why a money record was not applied.
#[derive(Clone, Debug, PartialEq)]
pub enum Refused {
    /// The chain is broken here: an alert, and the record is not applied. A gap is retryable
    /// (the missing entry may still arrive); a fork or an altered record is not.
    Chain(ChainFault),
    /// A rule over other records (balance, session, reversal, totals).
    Rule(DomainError),
}

/// The key of a savings balance in the ledger.
pub fn balance_key(b: Balance) -> String {
    match b {
        Balance::Member(h) => format!("member:{h}"),
        Balance::Account(a) => format!("account:{a}"),
        Balance::Loan(l) => format!("loan:{l}"),
    }
}

/// The ledger row of an accepted money record.
pub fn ledger_row(
    kind: EntityKind,
    id: Uuid,
    device: DeviceId,
    point_code: Option<String>,
    doc: &Value,
) -> LedgerRow {
    let s = |p: &str| doc.pointer(p).and_then(Value::as_str).map(str::to_owned);
    let entry: Option<MoneyEntry> = (kind == EntityKind::MoneyEntry)
        .then(|| serde_json::from_value(doc.clone()).ok())
        .flatten();
    LedgerRow {
        entity_id: id,
        entity: kind.as_str().to_owned(),
        device_id: device,
        point_code,
        group_id: s("/payment/groupId").or_else(|| s("/groupId")),
        session_id: if kind == EntityKind::CashSession {
            Some(id.to_string())
        } else {
            s("/sessionId")
        },
        period: s("/payment/period").or_else(|| s("/period")),
        on: s("/on")
            .or_else(|| s("/heldOn"))
            .or_else(|| s("/openedOn"))
            .or_else(|| s("/resolvedOn")),
        balance_key: entry
            .as_ref()
            .map(|e| balance_key(e.payment.balance_delta().0)),
        reverses: s("/reverses/entryId"),
        doc: doc.to_string(),
        resolves: s("/caseId").filter(|_| kind == EntityKind::DiscrepancyResolution),
    }
}

impl MoneyState {
    fn all<T: serde::de::DeserializeOwned>(&self, kind: EntityKind) -> Vec<T> {
        self.rows
            .values()
            .filter(|(k, _)| *k == kind)
            .filter_map(|(_, v)| serde_json::from_value(v.clone()).ok())
            .collect()
    }

    fn get<T: serde::de::DeserializeOwned>(&self, kind: EntityKind, id: Uuid) -> Option<T> {
        self.rows
            .get(&id)
            .filter(|(k, _)| *k == kind)
            .and_then(|(_, v)| serde_json::from_value(v.clone()).ok())
    }

    fn entries(&self) -> Vec<MoneyEntry> {
        let mut e: Vec<MoneyEntry> = self.all(EntityKind::MoneyEntry);
        e.sort_by_key(|e| e.id);
        e
    }

    /// A group or a membership the page's collections are checked against: as stored, or
    /// as accepted earlier in the page (a member added and their first collection pushed
    /// together).
    pub fn note(&mut self, kind: EntityKind, id: Uuid, doc: &Value, deleted: bool) {
        match kind {
            EntityKind::Group => {
                if let Ok(g) = serde_json::from_value::<Group>(doc.clone()) {
                    self.groups.insert(g.id, g.point_id);
                }
            }
            EntityKind::Membership if deleted => {
                self.members.remove(&id);
            }
            EntityKind::Membership => {
                if let Ok(m) = serde_json::from_value::<Membership>(doc.clone()) {
                    self.members.insert(id, m);
                }
            }
            EntityKind::Loan => {
                if let Ok(l) = serde_json::from_value::<Loan>(doc.clone()) {
                    self.loans.insert(id, l);
                }
            }
            _ => {}
        }
    }

    /// Verify the record's link against its device's chain; advance the chain when it holds.
    pub fn verify_link(&mut self, device: DeviceId, doc: &Value) -> Result<ChainLink, ChainFault> {
        let head = self.heads.get(&device);
        let Some(link) = journal::link_in(doc) else {
            return Err(ChainFault::Altered(head.map_or(1, |h| h.seq + 1)));
        };
        let after = head.map(|h| h.with_body(String::new()));
        journal::verify(after.as_ref(), std::slice::from_ref(&link))?;
        let l = ChainLink {
            seq: link.seq,
            prev_hash: link.prev_hash,
            hash: link.hash,
        };
        self.heads.insert(device, l.clone());
        Ok(l)
    }

    /// The domain's money rules (`cash::rules`) over what the province holds; on success
    /// the record joins the state.
    pub fn apply(&mut self, kind: EntityKind, id: Uuid, doc: &Value) -> Result<(), Refused> {
        fn parse<T: serde::de::DeserializeOwned>(doc: &Value) -> DomainResult<T> {
            serde_json::from_value(doc.clone())
                .map_err(|_| DomainError::invalid("payload", Code::InvalidValue))
        }
        let verdict = match kind {
            EntityKind::SavingsAccount | EntityKind::CashSession => Ok(()),
            EntityKind::MoneyEntry => parse(doc).and_then(|e| rules::check_entry(self, &e)),
            EntityKind::Handover => parse(doc).and_then(|h| rules::check_handover(self, &h)),
            EntityKind::DiscrepancyResolution => {
                parse(doc).and_then(|r| rules::check_resolution(self, &r))
            }
            EntityKind::SessionClose => parse(doc).and_then(|c| rules::check_close(self, &c)),
            _ => return Ok(()),
        };
        verdict.map_err(Refused::Rule)?;
        self.rows.insert(id, (kind, doc.clone()));
        Ok(())
    }
}

/// An alert for a broken chain.
pub fn alert(
    device: DeviceId,
    fault: ChainFault,
    entity_id: Uuid,
    change_id: Uuid,
    at: &str,
) -> Alert {
    let (kind, seq) = match fault {
        ChainFault::Gap(s) => ("gap", s),
        ChainFault::Fork(s) => ("fork", s),
        ChainFault::Altered(s) => ("altered", s),
    };
    Alert {
        device_id: device,
        kind: kind.to_owned(),
        seq: seq as i64,
        entity_id,
        change_id,
        detected_at: at.to_owned(),
    }
}

/// A money record's link in its device's chain: verified, and the chain advanced; a broken
/// chain raises an alert.
pub(super) fn chain(
    page: &Prepared,
    item: &Item,
    money: &mut MoneyState,
    plan: &mut Plan,
) -> Result<(), PushResult> {
    let c = &item.change;
    if let Err(fault) = money.verify_link(c.device_id, &item.sent) {
        plan.alerts.push(alert(
            c.device_id,
            fault,
            c.entity_id,
            c.change_id.0,
            &page.received_at,
        ));
        // A gap may still fill (the missing entry waits for its parent): retried, like
        // `unknown_parent`. A fork or an altered record never becomes valid.
        let code = match fault {
            vonxa_domain::journal::ChainFault::Gap(_) => RejectCode::UnknownParent,
            _ => RejectCode::Invalid,
        };
        let mut r = PushResult::rejected(c.change_id, code);
        r.field = Some("link".into());
        r.domain = Some(vonxa_domain::Code::ChainBroken);
        return Err(r);
    }
    Ok(())
}

/// The money rules over other records; an accepted record joins the ledger.
pub(super) fn rules(
    item: &Item,
    money: &mut MoneyState,
    plan: &mut Plan,
    point_code: &Option<String>,
) -> Result<(), PushResult> {
    let c = &item.change;
    match money.apply(c.entity, c.entity_id, &c.payload) {
        Ok(()) => {
            plan.ledger.push(ledger_row(
                c.entity,
                c.entity_id,
                c.device_id,
                point_code.clone(),
                &c.payload,
            ));
            Ok(())
        }
        Err(Refused::Rule(e)) => Err(crate::check::invalid(c, e)),
        Err(Refused::Chain(_)) => Err(PushResult::rejected(c.change_id, RejectCode::Invalid)),
    }
}
