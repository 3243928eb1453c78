//! How each synced entity is checked and stored. Rows live as JSON documents (`doc`) with
//! generated columns for queries, so one generic row writer serves every kind.

use crate::error::{StoreError, StoreResult};
use crate::{queries, search};
use chrono::NaiveDate;
use rusqlite::{Transaction, params};
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;
use vonxa_domain::entity::{EntityKind, Op};
use vonxa_domain::reference::*;
use vonxa_domain::roles::Action;
use vonxa_domain::user::User;
use vonxa_domain::{Code, DomainError};

/// A synced record type.
pub trait Record: Serialize + DeserializeOwned + Clone {
    const KIND: EntityKind;
    fn id(&self) -> Uuid;
    /// May `actor` make this write? The authorisation table decides (`authz`: the kind's
    /// author and the role action it needs); records may widen it for self-service (a user
    /// changing their own language). Append-only refusals are reported apart, by the caller.
    fn permitted(&self, actor: &User, op: Op, _tx: &Transaction<'_>) -> StoreResult<bool> {
        let op = if op.allowed_on(Self::KIND) {
            op
        } else {
            Op::Insert
        };
        Ok(vonxa_domain::authz::device_may_write(actor.role, Self::KIND, op).is_ok())
    }
    /// Fill in what the device assigns inside the write's transaction (a receipt number),
    /// before the record is checked.
    fn stamp(self, _tx: &Transaction<'_>) -> StoreResult<Self> {
        Ok(self)
    }
    /// Validate with the domain rules and the facts already stored; return the normalised record.
    fn check(self, tx: &Transaction<'_>, today: NaiveDate) -> StoreResult<Self>;
    /// Refresh what is derived from the row (search keys), whatever the write's origin.
    fn after_write(&self, _tx: &Transaction<'_>) -> StoreResult<()> {
        Ok(())
    }
}

/// The table that holds an entity kind.
pub fn table(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Office => "offices",
        EntityKind::Point => "points",
        EntityKind::PointCommune => "point_communes",
        EntityKind::Village => "villages",
        EntityKind::Organisation => "organisations",
        EntityKind::Group => "groups",
        EntityKind::GroupRole => "group_roles",
        EntityKind::Household => "households",
        EntityKind::Person => "persons",
        EntityKind::PovertyStatus => "poverty_status",
        EntityKind::Membership => "memberships",
        EntityKind::User => "users",
        EntityKind::Loan => "loans",
        EntityKind::Application => "applications",
        EntityKind::ApplicationStatus => "application_status",
        EntityKind::Meeting => "meetings",
        EntityKind::VettingDecision => "vetting_decisions",
        EntityKind::ProgrammeTable => "programme_tables",
        EntityKind::FundCheck => "fund_checks",
        EntityKind::SavingsAccount => "savings_accounts",
        EntityKind::CashSession => "cash_sessions",
        EntityKind::MoneyEntry => "money_entries",
        EntityKind::Handover => "handovers",
        EntityKind::SessionClose => "session_closes",
        EntityKind::DiscrepancyResolution => "discrepancy_resolutions",
    }
}

/// Write a row for a logged change.
pub(crate) fn write_row(
    tx: &Transaction<'_>,
    kind: EntityKind,
    op: Op,
    id: Uuid,
    doc: &serde_json::Value,
) -> StoreResult<()> {
    let t = table(kind);
    let sql = match op {
        Op::Insert => format!("INSERT INTO {t} (id, doc) VALUES (?1, ?2)"),
        Op::Update => format!("UPDATE {t} SET doc = ?2 WHERE id = ?1"),
        Op::Delete => format!("DELETE FROM {t} WHERE id = ?1 AND ?2 IS NOT NULL"),
    };
    let n = tx
        .prepare_cached(&sql)
        .and_then(|mut stmt| stmt.execute(params![id.to_string(), doc.to_string()]))
        .map_err(|e| constraint_error(kind, e))?;
    if n == 0 {
        return Err(DomainError::NotFound {
            what: format!("{kind} {id}"),
        }
        .into());
    }
    Ok(())
}

/// Apply a row that came from the province: insert or replace, or delete.
pub(crate) fn apply_json(
    tx: &Transaction<'_>,
    kind: EntityKind,
    op: Op,
    id: Uuid,
    doc: &serde_json::Value,
) -> StoreResult<()> {
    let t = table(kind);
    // Prepared once per connection: a first sync applies tens of thousands of these.
    match op {
        Op::Delete => {
            tx.prepare_cached(&format!("DELETE FROM {t} WHERE id = ?1"))?
                .execute(params![id.to_string()])?;
        }
        Op::Insert | Op::Update => {
            tx.prepare_cached(&format!(
                "INSERT INTO {t} (id, doc) VALUES (?1, ?2) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc"
            ))?
            .execute(params![id.to_string(), doc.to_string()])?;
            after_write_json(tx, kind, doc)?;
        }
    }
    Ok(())
}

fn after_write_json(
    tx: &Transaction<'_>,
    kind: EntityKind,
    doc: &serde_json::Value,
) -> StoreResult<()> {
    fn run<R: Record>(tx: &Transaction<'_>, doc: &serde_json::Value) -> StoreResult<()> {
        serde_json::from_value::<R>(doc.clone())?.after_write(tx)
    }
    match kind {
        EntityKind::Household => run::<Household>(tx, doc),
        EntityKind::Person => run::<Person>(tx, doc),
        _ => Ok(()),
    }
}

/// Turn a constraint failure into an error that names the field.
fn constraint_error(kind: EntityKind, e: rusqlite::Error) -> StoreError {
    let text = e.to_string();
    if text.contains("UNIQUE constraint failed") {
        let field = match text.rsplit('.').next().unwrap_or("") {
            "id_number" => "idNumber",
            "customer_code" => "customerCode",
            "username" => "username",
            "code" => "code",
            "receipt_no" => "receiptNo",
            "reverses" => "reverses",
            "book_no" => "bookNo",
            "held_on" => "heldOn",
            "period" => "period",
            "session_id" => "sessionId",
            "case_id" => "caseId",
            _ => "id",
        };
        return DomainError::invalid(field, Code::Duplicate).into();
    }
    if text.contains("append-only") {
        return DomainError::invalid("id", Code::AppendOnly).into();
    }
    if text.contains("FOREIGN KEY constraint failed") {
        return DomainError::NotFound {
            what: format!("a record that this {kind} refers to"),
        }
        .into();
    }
    e.into()
}

/// A referenced record must exist; the error names the referring field.
pub(crate) fn must_exist(
    tx: &Transaction<'_>,
    kind: EntityKind,
    id: &str,
    field: &'static str,
) -> StoreResult<()> {
    if queries::exists(tx, table(kind), id)? {
        Ok(())
    } else {
        Err(DomainError::invalid(field, Code::NotFound).into())
    }
}

fn must_exist_unit(tx: &Transaction<'_>, code: &str, field: &'static str) -> StoreResult<()> {
    let n: i64 = tx
        .prepare_cached("SELECT count(*) FROM admin_units WHERE code = ?1")?
        .query_row([code], |r| r.get(0))?;
    if n > 0 {
        Ok(())
    } else {
        Err(DomainError::invalid(field, Code::NotFound).into())
    }
}

macro_rules! record {
    ($t:ty, $kind:ident, |$s:ident, $tx:ident, $today:ident| $check:block) => {
        impl Record for $t {
            const KIND: EntityKind = EntityKind::$kind;
            fn id(&self) -> Uuid {
                self.id.as_uuid()
            }
            #[allow(unused_variables)]
            fn check(self, $tx: &Transaction<'_>, $today: NaiveDate) -> StoreResult<Self> {
                let $s = self;
                $check
            }
        }
    };
}

record!(Office, Office, |s, tx, today| { Ok(s.validate()?) });

record!(Point, Point, |s, tx, today| {
    let s = s.validate()?;
    must_exist(tx, EntityKind::Office, &s.office_id.to_string(), "officeId")?;
    Ok(s)
});

record!(PointCommune, PointCommune, |s, tx, today| {
    let s = s.validate()?;
    must_exist(tx, EntityKind::Point, &s.point_id.to_string(), "pointId")?;
    must_exist_unit(tx, &s.commune_code, "communeCode")?;
    Ok(s)
});

record!(Village, Village, |s, tx, today| {
    let s = s.validate()?;
    must_exist_unit(tx, &s.commune_code, "communeCode")?;
    must_exist(tx, EntityKind::Point, &s.point_id.to_string(), "pointId")?;
    Ok(s)
});

record!(Organisation, Organisation, |s, tx, today| {
    let s = s.validate()?;
    must_exist_unit(tx, &s.commune_code, "communeCode")?;
    Ok(s)
});

record!(Group, Group, |s, tx, today| {
    let s = s.validate(today)?;
    must_exist(
        tx,
        EntityKind::Organisation,
        &s.organisation_id.to_string(),
        "organisationId",
    )?;
    must_exist(
        tx,
        EntityKind::Village,
        &s.village_id.to_string(),
        "villageId",
    )?;
    must_exist(tx, EntityKind::Point, &s.point_id.to_string(), "pointId")?;
    Ok(s)
});

record!(GroupRole, GroupRole, |s, tx, today| {
    let s = s.validate()?;
    must_exist(tx, EntityKind::Group, &s.group_id.to_string(), "groupId")?;
    must_exist(tx, EntityKind::Person, &s.person_id.to_string(), "personId")?;
    Ok(s)
});

record!(PovertyStatus, PovertyStatus, |s, tx, today| {
    let s = s.validate(today)?;
    must_exist(
        tx,
        EntityKind::Household,
        &s.household_id.to_string(),
        "householdId",
    )?;
    Ok(s)
});

impl Record for User {
    const KIND: EntityKind = EntityKind::User;
    fn id(&self) -> Uuid {
        self.id.as_uuid()
    }
    fn permitted(&self, actor: &User, op: Op, tx: &Transaction<'_>) -> StoreResult<bool> {
        // Accounts are managed by the device's administrator (the province takes a device's
        // accounts from any enrolled role: they are device-local, kept for the audit).
        if vonxa_domain::roles::allowed(actor.role, Action::ManageUsers) {
            return Ok(true);
        }
        if actor.id != self.id || op != Op::Update {
            return Ok(false);
        }
        let current: User = load(tx, self.id.as_uuid())?;
        Ok(User {
            lang: current.lang,
            ..self.clone()
        } == current)
    }
    fn check(self, _tx: &Transaction<'_>, _today: NaiveDate) -> StoreResult<Self> {
        Ok(self.validate()?)
    }
}

record!(Membership, Membership, |s, tx, today| {
    let s = s.validate(today)?;
    must_exist(
        tx,
        EntityKind::Household,
        &s.household_id.to_string(),
        "householdId",
    )?;
    must_exist(tx, EntityKind::Group, &s.group_id.to_string(), "groupId")?;
    rules::check_membership(
        &s,
        &queries::memberships_of_household(tx, s.household_id)?,
        &queries::memberships_of_group(tx, s.group_id)?,
        queries::programme_table(tx)?.group_size,
    )?;
    Ok(s)
});

impl Record for Household {
    const KIND: EntityKind = EntityKind::Household;
    fn id(&self) -> Uuid {
        self.id.as_uuid()
    }
    fn check(self, tx: &Transaction<'_>, _today: NaiveDate) -> StoreResult<Self> {
        let s = self.validate()?;
        must_exist(
            tx,
            EntityKind::Village,
            &s.village_id.to_string(),
            "villageId",
        )?;
        must_exist(tx, EntityKind::Point, &s.point_id.to_string(), "pointId")?;
        if let Some(code) = &s.customer_code {
            rules::unique_customer_code(queries::other_with(
                tx,
                "households",
                "customer_code",
                code,
                &s.id.to_string(),
            )?)?;
        }
        Ok(s)
    }
    fn after_write(&self, tx: &Transaction<'_>) -> StoreResult<()> {
        search::refresh(tx, self.id)
    }
}

impl Record for Person {
    const KIND: EntityKind = EntityKind::Person;
    fn id(&self) -> Uuid {
        self.id.as_uuid()
    }
    fn check(self, tx: &Transaction<'_>, today: NaiveDate) -> StoreResult<Self> {
        let s = self.validate(today)?;
        must_exist(
            tx,
            EntityKind::Household,
            &s.household_id.to_string(),
            "householdId",
        )?;
        if let Some(n) = &s.id_number {
            rules::unique_id_number(queries::other_with(
                tx,
                "persons",
                "id_number",
                n,
                &s.id.to_string(),
            )?)?;
        }
        Ok(s)
    }
    fn after_write(&self, tx: &Transaction<'_>) -> StoreResult<()> {
        search::refresh(tx, self.household_id)
    }
}

/// One record by id, if the device holds it.
pub fn find<R: Record>(conn: &rusqlite::Connection, id: Uuid) -> StoreResult<Option<R>> {
    let doc: Option<String> = rusqlite::OptionalExtension::optional(
        conn.prepare_cached(&format!("SELECT doc FROM {} WHERE id = ?1", table(R::KIND)))?
            .query_row([id.to_string()], |r| r.get(0)),
    )?;
    Ok(match doc {
        Some(d) => Some(serde_json::from_str(&d)?),
        None => None,
    })
}

/// Load one record by id.
pub fn load<R: Record>(conn: &rusqlite::Connection, id: Uuid) -> StoreResult<R> {
    find(conn, id)?.ok_or_else(|| {
        DomainError::NotFound {
            what: format!("{} {id}", R::KIND),
        }
        .into()
    })
}
