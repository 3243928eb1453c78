//! The decisions of a push, as a pure function of the page and the stored state it touches:
//! idempotency by change id and body hash, device, scope, existence and conflicts. Backends
//! load [`Loaded`], call [`decide`] inside their write transaction and write the [`Plan`].

use crate::check::Link;
use crate::check::fund::FundRow;
use fund::stored_rules;
use plan::{ChangeRow, EntityState, Plan, SeenChange, Visibility};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;
use vonxa_domain::entity::Op;
use vonxa_protocol::{Outcome, PushResult, RejectCode};

/// What an ingest reads before deciding.
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    pub seen: HashMap<Uuid, SeenChange>,
    pub entities: HashMap<Uuid, EntityState>,
    pub head: i64,
    /// Checks the page's fund checks correct that another check already corrected.
    pub superseded: std::collections::HashSet<Uuid>,
    pub money: money::MoneyState,
    pub credit: credit::CreditState,
}

/// The stored state a change is evaluated against (besides the money state it moves).
struct Stored<'a> {
    entities: &'a HashMap<Uuid, EntityState>,
    superseded: &'a HashSet<Uuid>,
    credit: &'a credit::CreditState,
}

/// Decide the fate of every change of the page, in order.
pub fn decide(page: &Prepared, loaded: Loaded) -> Plan {
    let Loaded {
        seen,
        mut entities,
        mut head,
        mut superseded,
        mut money,
        mut credit,
    } = loaded;
    credit.table = page.table.clone();
    // Only a page with applications, status changes, meetings or memberships reads the credit
    // state: others do not pay for keeping it.
    let credit_keys = credit::keys(&page.items);
    let credit_needed = credit_keys.is_some();
    credit.lean = credit_keys.is_some_and(|k| k.lean());
    let money_needed = page.items.iter().any(|i| i.change.entity.is_money());
    let heads_before = money.heads.clone();
    let mut page_seen: HashMap<Uuid, SeenChange> = HashMap::new();
    let mut touched: Vec<Uuid> = Vec::new();
    let mut plan = Plan::default();
    for item in &page.items {
        let c = &item.change;
        let cid = c.change_id.0;
        if let Some(s) = seen.get(&cid).or_else(|| page_seen.get(&cid)) {
            if s.body_hash == item.hash {
                plan.results.push(s.result.clone());
            } else {
                plan.refusals
                    .push(refusal(page, item, RejectCode::IdReused));
                plan.results
                    .push(PushResult::rejected(c.change_id, RejectCode::IdReused));
            }
            continue;
        }
        let stored = Stored {
            entities: &entities,
            superseded: &superseded,
            credit: &credit,
        };
        let (result, place) = evaluate(page, item, &stored, &mut head, &mut money, &mut plan);
        if result.code == Some(RejectCode::UnknownParent) {
            // No change row: the parent may arrive later (another device's re-upload), and the
            // device pushes the change again on its next pass. The audit keeps the refusal.
            plan.refusals
                .push(refusal(page, item, RejectCode::UnknownParent));
            plan.results.push(result);
            continue;
        }
        let place = place.unwrap_or((Visibility::Private, None, None));
        if let (Outcome::Accepted, Some(seq)) = (result.outcome, result.server_seq) {
            let checked = item.checked.as_ref().ok();
            if let Some(f) = checked.and_then(|ch| ch.fund.clone()) {
                superseded.extend(f.supersedes);
                plan.fund.push(FundRow {
                    check_id: c.entity_id,
                    seq,
                    facts: f,
                    raised_at: page.received_at.clone(),
                });
            }
            if let Some(r) = checked.and_then(|ch| ch.regroup) {
                if let Some(h) = entities.get_mut(&r.household) {
                    h.group_id = r.group;
                    touched.push(r.household);
                }
                plan.regroups.push(r);
            }
            // A group or membership accepted here counts for the page's later collections.
            if money_needed {
                money.note(c.entity, c.entity_id, &c.payload, c.op == Op::Delete);
            }
            if credit_needed {
                credit.note(c.entity, c.entity_id, &c.payload, c.op == Op::Delete);
            }
            entities.insert(
                c.entity_id,
                EntityState {
                    entity: c.entity.as_str().to_owned(),
                    entity_id: c.entity_id,
                    version: seq,
                    last_device: c.device_id,
                    point_code: place.1.clone(),
                    group_id: place.2,
                    household_id: checked.and_then(|ch| ch.household),
                    deleted: c.op == Op::Delete,
                    unique_key: credit::unique_key(c.entity, &c.payload)
                        .filter(|_| c.op != Op::Delete),
                },
            );
            touched.push(c.entity_id);
        }
        plan.changes.push(ChangeRow {
            change_id: cid,
            seq: result.server_seq,
            device_id: c.device_id,
            user_id: c.user_id.clone(),
            entity: c.entity.as_str().to_owned(),
            entity_id: c.entity_id,
            op: c.op.as_str().to_owned(),
            payload: c.payload.to_string(),
            body_hash: item.hash.clone(),
            base_version: c.base_version,
            device_time: c.device_time.clone(),
            received_at: page.received_at.clone(),
            outcome: outcome_str(result.outcome).to_owned(),
            code: result.code.map(|c| c.as_str().to_owned()),
            // Accepted answers are rebuilt from the seq; only refusals keep their details.
            result: if result.outcome == Outcome::Accepted {
                String::new()
            } else {
                serde_json::to_string(&result).unwrap_or_default()
            },
            visibility: place.0,
            point_code: place.1,
            group_id: place.2,
        });
        page_seen.insert(
            cid,
            SeenChange {
                body_hash: item.hash.clone(),
                result: result.clone(),
            },
        );
        plan.results.push(result);
    }
    for (d, l) in &money.heads {
        if heads_before.get(d) != Some(l) {
            plan.chain_heads.push((*d, l.clone()));
        }
    }
    let mut done = HashSet::new();
    for id in touched {
        if done.insert(id)
            && let Some(e) = entities.remove(&id)
        {
            plan.entities.push(e);
        }
    }
    plan
}

type Place = (Visibility, Option<String>, Option<Uuid>);

fn evaluate(
    page: &Prepared,
    item: &Item,
    stored: &Stored<'_>,
    head: &mut i64,
    money: &mut money::MoneyState,
    plan: &mut Plan,
) -> (PushResult, Option<Place>) {
    let c = &item.change;
    let reject = |code| (PushResult::rejected(c.change_id, code), None);
    if c.device_id != page.device.id && !page.unrestricted {
        return reject(RejectCode::WrongDevice);
    }
    if c.entity.is_province_authored() && !page.unrestricted {
        return reject(RejectCode::Forbidden);
    }
    // A record's kind never changes: an id that names a stored record of another kind.
    if stored
        .entities
        .get(&c.entity_id)
        .is_some_and(|e| e.entity != c.entity.as_str())
    {
        return reject(RejectCode::KindMismatch);
    }
    // A money record refused for itself still holds its place in the device's chain.
    let chain = |money: &mut money::MoneyState, plan: &mut Plan| {
        if c.entity.is_money() {
            money::chain(page, item, money, plan)
        } else {
            Ok(())
        }
    };
    let checked = match &item.checked {
        Ok(ch) => ch,
        Err(r) => return (chain(money, plan).err().unwrap_or_else(|| r.clone()), None),
    };
    let (vis, point_code) = match &checked.link {
        Link::Global => (Visibility::Global, None),
        Link::Private => (Visibility::Private, None),
        Link::PointCode(code) => (Visibility::Scoped, Some(code.clone())),
        Link::Parent(p) => match stored.entities.get(p) {
            Some(e) if !e.deleted && e.point_code.is_some() => {
                (Visibility::Scoped, e.point_code.clone())
            }
            _ => return reject(RejectCode::UnknownParent),
        },
    };
    // Every link: an unknown required one is retried later (before the chain moves); one of
    // the wrong kind or outside the device's scope is refused like the record itself.
    let links = scope::links(page, checked, stored.entities);
    if matches!(&links, Err(r) if r.code == RejectCode::UnknownParent) {
        return reject(RejectCode::UnknownParent);
    }
    if let Err(r) = chain(money, plan) {
        return (r, None);
    }
    // A record without a group of its own belongs to its household's group, if any.
    let group = checked.group.or_else(|| {
        checked
            .household
            .and_then(|h| stored.entities.get(&h))
            .and_then(|e| e.group_id)
    });
    if let Err(r) = links {
        let mut res = PushResult::rejected(c.change_id, r.code);
        res.field = r.field.map(str::to_owned);
        return (res, None);
    }
    let existing = stored.entities.get(&c.entity_id).filter(|e| !e.deleted);
    if !page.unrestricted {
        let scope = &page.device.scope;
        let old_ok = existing.is_none_or(|e| {
            e.point_code.is_none() || in_scope(scope, Visibility::Scoped, &e.point_code, e.group_id)
        });
        if !old_ok || !in_scope(scope, vis, &point_code, group) {
            return reject(RejectCode::OutOfScope);
        }
    }
    match (c.op, existing) {
        (Op::Insert, Some(_)) if c.entity.is_append_only() => {
            return reject(RejectCode::Duplicate);
        }
        (Op::Update | Op::Delete, None) if !page.replay => return reject(RejectCode::NotFound),
        _ => {}
    }
    if let Some(f) = &checked.fund
        && let Err(e) = stored_rules(f, stored.entities, stored.superseded)
    {
        let mut r = PushResult::rejected(c.change_id, RejectCode::Invalid);
        r.field = e.field().map(str::to_owned);
        r.domain = Some(e.code());
        return (r, None);
    }
    if !page.unrestricted
        && c.op != Op::Delete
        && let Err(e) = stored.credit.check(c.entity, c.entity_id, &c.payload)
    {
        return (crate::check::invalid(c, e), None);
    }
    if c.entity.is_money()
        && let Err(r) = money::rules(item, money, plan, &point_code)
    {
        return (r, None);
    }
    if let Some(e) = existing
        && !page.replay
        && !c.entity.is_append_only()
        && c.base_version < e.version
        && e.last_device != c.device_id
    {
        let mut r = PushResult::rejected(c.change_id, RejectCode::Conflict);
        r.outcome = Outcome::Conflict;
        r.server_version = Some(e.version);
        r.last_device = Some(e.last_device);
        return (r, Some((vis, point_code, group)));
    }
    *head += 1;
    (
        PushResult::accepted(c.change_id, *head),
        Some((vis, point_code, group)),
    )
}

mod audit;
pub mod credit;
mod fund;
pub mod money;
pub mod plan;
mod prepared;
mod scope;

pub use prepared::{Item, Prepared};

pub use audit::outcome_str;
use audit::refusal;
pub use scope::in_scope;

#[cfg(test)]
mod tests;
