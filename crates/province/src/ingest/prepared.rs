//! A page ready to ingest: every change hashed and checked by itself (outside any lock, the
//! costly part), its payload replaced by the canonical copy, and the keys of the stored state
//! the decision needs.

use super::money;
use super::plan::{DeviceRecord, LedgerKeys};
use crate::auth::sha256_hex;
use crate::check::refs::Docs;
use crate::check::{Checked, Link, check};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::HashSet;
use uuid::Uuid;
use vonxa_domain::credit::table::ProgrammeTable;
use vonxa_domain::entity::EntityKind;
use vonxa_protocol::{PushChange, PushRequest, PushResult};

/// One change with what could be worked out without the database.
#[derive(Clone, Debug)]
pub struct Item {
    /// The change, its payload replaced by the canonical form its checks produced (what the
    /// province stores and serves) when they passed.
    pub change: PushChange,
    /// The payload as the device sent (and, for money, sealed) it: the hash chain is
    /// verified over it.
    pub sent: serde_json::Value,
    pub hash: String,
    pub checked: Result<Checked, PushResult>,
}

/// A page ready to ingest.
#[derive(Clone, Debug)]
pub struct Prepared {
    pub device: DeviceRecord,
    /// Writes by the province itself (`import`): every scope.
    pub unrestricted: bool,
    pub replay: bool,
    pub received_at: String,
    pub items: Vec<Item>,
    /// The programme table in force, when the page has status changes (their eligibility is
    /// decided inside the ingest) or memberships (the group size).
    pub table: Option<ProgrammeTable>,
}

impl Prepared {
    /// Hash and check every change (outside any lock: this is the costly part).
    pub fn new(
        device: DeviceRecord,
        req: PushRequest,
        now: DateTime<Utc>,
        unrestricted: bool,
        table: &ProgrammeTable,
    ) -> Prepared {
        Self::with_docs(device, req, now, unrestricted, table, &Docs::new())
    }

    /// As [`Prepared::new`], with the stored records fund checks need ([`crate::funduse`]).
    pub fn with_docs(
        device: DeviceRecord,
        req: PushRequest,
        now: DateTime<Utc>,
        unrestricted: bool,
        table: &ProgrammeTable,
        docs: &Docs,
    ) -> Prepared {
        // Devices run in ICT and the province may not: allow a day of clock difference.
        let today: NaiveDate = (now + chrono::Duration::days(1)).date_naive();
        let items: Vec<Item> = req
            .changes
            .into_iter()
            .map(|mut change| {
                let body = serde_json::to_vec(&change).unwrap_or_default();
                let hash = sha256_hex(&body);
                let mut checked = check(&change, device.role, today, unrestricted, table, docs);
                let canonical = checked.as_mut().ok().and_then(|c| c.canonical.take());
                let sent = match canonical {
                    Some(doc) => std::mem::replace(&mut change.payload, doc),
                    None => change.payload.clone(),
                };
                Item {
                    change,
                    sent,
                    hash,
                    checked,
                }
            })
            .collect();
        Prepared {
            device,
            unrestricted,
            replay: req.replay,
            received_at: now.to_rfc3339(),
            table: items
                .iter()
                .any(|i| {
                    matches!(
                        i.change.entity,
                        EntityKind::ApplicationStatus | EntityKind::Membership
                    )
                })
                .then(|| table.clone()),
            items,
        }
    }

    pub fn change_ids(&self) -> Vec<Uuid> {
        let set: HashSet<Uuid> = self.items.iter().map(|i| i.change.change_id.0).collect();
        set.into_iter().collect()
    }

    /// What the ledger rows its money records are decided against are selected by.
    pub fn ledger_keys(&self) -> LedgerKeys {
        let mut k = LedgerKeys::default();
        for i in self.items.iter().filter(|i| i.change.entity.is_money()) {
            let c = &i.change;
            let row = money::ledger_row(c.entity, c.entity_id, c.device_id, None, &c.payload);
            k.ids.extend(row.reverses.clone());
            k.ids.extend(row.resolves.clone());
            if let Some(s) = c
                .payload
                .pointer("/settledInSession")
                .and_then(|v| v.as_str())
            {
                k.ids.push(s.to_owned());
            }
            k.sessions.extend(row.session_id.clone());
            k.balances.extend(row.balance_key.clone());
            if let (Some(g), Some(p)) = (&row.group_id, &row.period) {
                k.sheets.push(format!("{g}|{p}"));
            }
            k.groups.extend(row.group_id.clone());
            if let Some(a) = c
                .payload
                .pointer("/payment/accountId")
                .and_then(|v| v.as_str())
            {
                k.ids.push(a.to_owned());
            }
            if let Some(l) = c
                .payload
                .pointer("/payment/loanId")
                .and_then(|v| v.as_str())
            {
                k.loans.push(l.to_owned());
            }
        }
        for v in [
            &mut k.ids,
            &mut k.sessions,
            &mut k.balances,
            &mut k.sheets,
            &mut k.groups,
            &mut k.loans,
        ] {
            v.sort();
            v.dedup();
        }
        k
    }

    /// Records the page touches and the parents it links to.
    pub fn entity_keys(&self) -> Vec<Uuid> {
        let mut set = HashSet::new();
        for i in &self.items {
            set.insert(i.change.entity_id);
            if let Ok(ch) = &i.checked {
                if let Link::Parent(p) = ch.link {
                    set.insert(p);
                }
                set.extend(ch.household);
                set.extend(ch.fund.as_ref().and_then(|f| f.supersedes));
                set.extend(ch.links.iter().map(|l| l.id));
            }
        }
        // A group's device: its group, whose point decides point-level links.
        if let vonxa_protocol::Scope::Group { group_id } = &self.device.scope {
            set.insert(group_id.as_uuid());
        }
        set.into_iter().collect()
    }

    /// The checks this page's fund checks correct.
    pub fn supersedes(&self) -> Vec<Uuid> {
        let set: HashSet<Uuid> = self
            .items
            .iter()
            .filter_map(|i| i.checked.as_ref().ok())
            .filter_map(|ch| ch.fund.as_ref().and_then(|f| f.supersedes))
            .collect();
        set.into_iter().collect()
    }
}
