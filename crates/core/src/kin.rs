//! Kinship between member households (họ hàng), as the households declare it: a kin household
//! neither votes on the other's application, chairs its vetting, nor checks the use of its loan
//! (`reference::rules::related`, checked by the store and the province).

use crate::contract::{KinInfo, KinInput, KinList};
use crate::error::CoreResult;
use crate::{App, Session, map};
use rusqlite::Connection;
use std::collections::BTreeSet;
use vonxa_domain::entity::Op;
use vonxa_domain::reference::Household;
use vonxa_domain::*;
use vonxa_store::queries::{active_members, docs, head_name, memberships_of_household};
use vonxa_store::records::load;

/// The households kin with `h` (declared by it or naming it) and the households it may declare:
/// the other members of its groups today.
pub(crate) fn kin_of(
    conn: &Connection,
    h: &Household,
    today: chrono::NaiveDate,
) -> CoreResult<(Vec<KinInfo>, Vec<KinInfo>)> {
    let naming: Vec<Household> = docs(
        conn,
        "SELECT doc FROM households WHERE EXISTS
           (SELECT 1 FROM json_each(households.doc, '$.kin') WHERE value = ?1)",
        [h.id.to_string()],
    )?;
    let mut kin = Vec::new();
    let declared: BTreeSet<HouseholdId> = h.kin.iter().copied().collect();
    let mut ids: BTreeSet<HouseholdId> = declared.clone();
    ids.extend(naming.iter().map(|x| x.id));
    for id in ids {
        kin.push(info(conn, id, declared.contains(&id))?);
    }
    let mut candidates = Vec::new();
    for m in memberships_of_household(conn, h.id)?
        .iter()
        .filter(|m| m.is_active_on(today))
    {
        for other in active_members(conn, m.group_id, today)? {
            if other != h.id
                && !kin
                    .iter()
                    .any(|k: &KinInfo| k.household_id == other.to_string())
            {
                candidates.push(info(conn, other, false)?);
            }
        }
    }
    let key = |k: &KinInfo| k.head_name.as_deref().map(text::name_sort_key);
    candidates.sort_by_cached_key(key);
    kin.sort_by_cached_key(key);
    Ok((kin, candidates))
}

fn info(conn: &Connection, id: HouseholdId, declared_here: bool) -> CoreResult<KinInfo> {
    Ok(KinInfo {
        household_id: id.to_string(),
        head_name: head_name(conn, id)?,
        declared_here,
    })
}

impl Session {
    /// Declare `kin_household_id` kin with the household, or withdraw the household's own
    /// declaration (one naming it from the other side stays that household's).
    fn declare_kin(&mut self, input: KinInput) -> CoreResult<KinList> {
        let id: HouseholdId = map::id(&input.household_id, "householdId")?;
        let other: HouseholdId = map::id(&input.kin_household_id, "kin")?;
        let h: Household = load(self.store.connection(), id.as_uuid())?;
        if load::<Household>(self.store.connection(), other.as_uuid()).is_err() {
            return Err(DomainError::invalid("kin", Code::NotFound).into());
        }
        let mut kin: Vec<HouseholdId> = h.kin.iter().copied().filter(|k| *k != other).collect();
        if input.kin {
            kin.push(other);
        }
        let updated = Household { kin, ..h };
        self.store.record(&self.user, Op::Update, updated)?;
        let h: Household = load(self.store.connection(), id.as_uuid())?;
        let (kin, kin_candidates) = kin_of(self.store.connection(), &h, self.store.today())?;
        Ok(KinList {
            kin,
            kin_candidates,
        })
    }
}

impl App {
    pub fn declare_kin(&self, input: KinInput) -> Result<KinList, crate::error::IpcError> {
        self.with(|s| s.declare_kin(input))
    }
}
