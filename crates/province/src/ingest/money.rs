//! Money records at the province, decided as purely as the rest of ingest: each device's hash
//! chain is verified link by link (a gap, a fork or an altered record raises an alert), then
//! the rules that need other records — balances, sessions still open, reversals of an
//! original not yet reversed, handover and close totals, one resolution per discrepancy
//! case — with the domain's own functions
//! over the ledger rows the backend loaded for the page.

use super::{Item, Prepared};
use crate::db::{Alert, LedgerRow, Plan};
use chrono::NaiveDate;
use serde_json::Value;
use std::collections::HashMap;
use uuid::Uuid;
use vonxa_domain::cash::entry::{Balance, balance_after};
use vonxa_domain::cash::savings::book_payment;
use vonxa_domain::cash::session::system_total;
use vonxa_domain::cash::sheet::collected;
use vonxa_domain::cash::{
    CashSession, DiscrepancyResolution, Handover, MoneyEntry, Payment, SavingsAccount, SessionClose,
};
use vonxa_domain::entity::EntityKind;
use vonxa_domain::error::DomainResult;
use vonxa_domain::journal::{self, ChainFault, ChainLink};
use vonxa_domain::{Code, DeviceId, DomainError, GroupId, Money, MoneyEntryId, SavingsAccountId};
use vonxa_protocol::{PushResult, RejectCode};

mod resolution;

/// What a page of money records is decided against.
#[derive(Clone, Debug, Default)]
pub struct MoneyState {
    /// The last verified link of each device's chain.
    pub heads: HashMap<DeviceId, ChainLink>,
    /// Ledger rows the page may need (and those it accepts, as it goes).
    pub rows: HashMap<Uuid, (EntityKind, Value)>,
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

fn rule(field: &'static str, code: Code) -> Refused {
    Refused::Rule(DomainError::invalid(field, code))
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

    fn closed(&self, session: Uuid) -> bool {
        self.all::<SessionClose>(EntityKind::SessionClose)
            .iter()
            .any(|c| c.session_id.as_uuid() == session)
    }

    /// A known session that is still open.
    fn open_session(&self, session: Uuid) -> Result<CashSession, Refused> {
        let s: CashSession = self
            .get(EntityKind::CashSession, session)
            .ok_or_else(|| rule("sessionId", Code::NotFound))?;
        if self.closed(session) {
            return Err(rule("sessionId", Code::SessionClosed));
        }
        Ok(s)
    }

    fn balance(&self, b: Balance) -> DomainResult<Money> {
        Money::checked_sum(
            self.entries()
                .iter()
                .map(|e| e.payment.balance_delta())
                .filter(|(k, _)| *k == b)
                .map(|(_, d)| d),
        )
        .ok_or_else(|| DomainError::invalid("amount", Code::Overflow))
    }

    /// Deposits into a book that stand: not reversals, not reversed.
    fn standing_deposits(&self, account: SavingsAccountId) -> u32 {
        let entries = self.entries();
        let reversed = |id: MoneyEntryId| {
            entries
                .iter()
                .any(|x| x.reverses.as_ref().is_some_and(|r| r.entry_id == id))
        };
        let n = entries
            .iter()
            .filter(|x| x.reverses.is_none() && !reversed(x.id))
            .filter(|x| matches!(&x.payment, Payment::Deposit { account_id, .. } if *account_id == account))
            .count();
        u32::try_from(n).unwrap_or(u32::MAX)
    }

    fn sheet_cash(&self, group: GroupId, period: NaiveDate) -> DomainResult<Money> {
        collected(&self.entries(), group, period)?.1.cash()
    }

    /// The closed session that froze an entry: its own, or its month's handover session.
    fn frozen(&self, e: &MoneyEntry) -> bool {
        let session = match (&e.session_id, &e.payment) {
            (Some(s), _) => Some(s.as_uuid()),
            (
                None,
                Payment::Collection {
                    group_id, period, ..
                },
            ) => self
                .all::<Handover>(EntityKind::Handover)
                .into_iter()
                .find(|h| h.group_id == *group_id && h.period == *period)
                .map(|h| h.session_id.as_uuid()),
            _ => None,
        };
        session.is_some_and(|s| self.closed(s))
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

    /// The rules over other records; on success the record joins the state.
    pub fn apply(&mut self, kind: EntityKind, id: Uuid, doc: &Value) -> Result<(), Refused> {
        let bad = |_| rule("payload", Code::InvalidValue);
        match kind {
            EntityKind::SavingsAccount | EntityKind::CashSession => {}
            EntityKind::MoneyEntry => {
                let e: MoneyEntry = serde_json::from_value(doc.clone()).map_err(bad)?;
                self.entry(&e)?;
            }
            EntityKind::Handover => {
                let h: Handover = serde_json::from_value(doc.clone()).map_err(bad)?;
                self.open_session(h.session_id.as_uuid())?;
                let done = self.all::<Handover>(EntityKind::Handover);
                if done
                    .iter()
                    .any(|x| x.group_id == h.group_id && x.period == h.period)
                {
                    return Err(rule("period", Code::Duplicate));
                }
                if self
                    .sheet_cash(h.group_id, h.period)
                    .map_err(Refused::Rule)?
                    != h.expected
                {
                    return Err(rule("expected", Code::InvalidValue));
                }
            }
            EntityKind::DiscrepancyResolution => {
                let r: DiscrepancyResolution = serde_json::from_value(doc.clone()).map_err(bad)?;
                self.resolution(&r).map_err(Refused::Rule)?;
            }
            EntityKind::SessionClose => {
                let c: SessionClose = serde_json::from_value(doc.clone()).map_err(bad)?;
                let s = self.open_session(c.session_id.as_uuid())?;
                if self.session_total(&s).map_err(Refused::Rule)? != c.system_total {
                    return Err(rule("systemTotal", Code::InvalidValue));
                }
            }
            _ => return Ok(()),
        }
        self.rows.insert(id, (kind, doc.clone()));
        Ok(())
    }

    fn session_total(&self, s: &CashSession) -> DomainResult<Money> {
        let handed: Vec<Money> = self
            .all::<Handover>(EntityKind::Handover)
            .iter()
            .filter(|h| h.session_id == s.id)
            .map(|h| h.counted)
            .collect();
        let mut cash: Vec<Money> = self
            .entries()
            .iter()
            .filter(|e| e.session_id == Some(s.id))
            .map(|e| e.payment.cash_in())
            .collect();
        // Cash made good at this session, in or out (`DiscrepancyResolution::till_effect`).
        for r in self.all::<DiscrepancyResolution>(EntityKind::DiscrepancyResolution) {
            if r.settled_in_session == Some(s.id)
                && let Some(case) = self.case(r.case_kind, r.case_id)?
            {
                cash.push(r.till_effect(&case));
            }
        }
        system_total(s.opening_cash, &handed, &cash)
    }

    fn entry(&self, e: &MoneyEntry) -> Result<(), Refused> {
        if let Some(s) = e.session_id {
            let session = self.open_session(s.as_uuid())?;
            if session.point_id != e.point_id {
                return Err(rule("pointId", Code::InvalidValue));
            }
        }
        match &e.reverses {
            Some(r) => {
                let original: MoneyEntry = self
                    .get(EntityKind::MoneyEntry, r.entry_id.as_uuid())
                    .ok_or_else(|| rule("reverses", Code::NotFound))?;
                if self.entries().iter().any(|x| {
                    x.reverses
                        .as_ref()
                        .is_some_and(|y| y.entry_id == original.id)
                }) {
                    return Err(rule("reverses", Code::AlreadyReversed));
                }
                if !e.reverses_exactly(&original) || original.session_id != e.session_id {
                    return Err(rule("reverses", Code::InvalidValue));
                }
                if self.frozen(&original) {
                    return Err(rule("reverses", Code::SessionClosed));
                }
            }
            None => {
                if self.frozen(e) {
                    return Err(rule("period", Code::SessionClosed));
                }
            }
        }
        if let Payment::Deposit { account_id, .. } | Payment::Withdrawal { account_id, .. } =
            &e.payment
        {
            let a: SavingsAccount = self
                .get(EntityKind::SavingsAccount, account_id.as_uuid())
                .ok_or_else(|| rule("accountId", Code::NotFound))?;
            let before = self
                .balance(Balance::Account(a.id))
                .map_err(Refused::Rule)?;
            book_payment(e, &a, self.standing_deposits(a.id), before).map_err(Refused::Rule)?;
        }
        let (b, delta) = e.payment.balance_delta();
        balance_after(self.balance(b).map_err(Refused::Rule)?, delta).map_err(Refused::Rule)?;
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
