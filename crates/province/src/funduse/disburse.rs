//! A disbursement recorded at the province (`vonxa-province disburse`): the bank's loan, with
//! the rate of the programme table in force on the day and the household's group and
//! organisation at disbursement, validated by `Loan::validate` and imported like any record
//! the province writes, so devices in scope pull it. `demo` disburses loans to households the
//! province holds, on days spread over the last months (some overdue for their first check).

use crate::admin;
use crate::db::{Backend, RefRecord, programme_table};
use chrono::{Days, Months, NaiveDate};
use uuid::Uuid;
use vonxa_domain::credit::loan::{Loan, LoanStatus};
use vonxa_domain::credit::rate::rate_on;
use vonxa_domain::reference::{Group, Household, Membership};
use vonxa_domain::{
    Code, DomainError, GroupId, HouseholdId, LoanId, Money, OrganisationId, PersonId,
};
use vonxa_protocol::PushResult;

/// What the bank disbursed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Disbursement {
    pub contract_no: String,
    pub household: HouseholdId,
    pub borrower: Option<PersonId>,
    pub programme: String,
    pub amount: Money,
    pub on: NaiveDate,
    pub purpose: String,
    pub term_months: u32,
    /// Default: the household's group on the day, and that group's organisation.
    pub group: Option<GroupId>,
    pub organisation: Option<OrganisationId>,
}

#[derive(Debug, thiserror::Error)]
pub enum DisburseError {
    #[error("no household {0} at the province")]
    NoHousehold(HouseholdId),
    #[error("no rate for programme {0} on that day")]
    NoRate(String),
    #[error("{0}")]
    Invalid(#[from] DomainError),
    #[error("refused by the province's checks: {0:?}")]
    Refused(Vec<PushResult>),
    #[error(transparent)]
    Db(#[from] crate::db::DbError),
    #[error(transparent)]
    Json(#[from] serde_json::Error),
}

async fn doc<B: Backend, T: serde::de::DeserializeOwned>(
    db: &B,
    id: Uuid,
    kind: &str,
) -> Result<Option<T>, DisburseError> {
    match db.record(id).await?.filter(|r| r.entity == kind) {
        Some(r) => Ok(Some(serde_json::from_value(r.payload)?)),
        None => Ok(None),
    }
}

/// A loan's id follows from its contract number (unique in the bank), so the same disbursement
/// recorded twice, by the command line, the console or a re-imported file, is one loan.
pub fn loan_id_of(contract_no: &str) -> LoanId {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(format!("vonxa loan contract:{}", contract_no.trim()));
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    LoanId(uuid::Builder::from_custom_bytes(bytes).into_uuid())
}

/// The loan a disbursement makes (validated), without recording it; refused when its contract
/// is already recorded.
pub async fn loan_of<B: Backend>(
    db: &B,
    d: Disbursement,
    today: NaiveDate,
) -> Result<Loan, DisburseError> {
    let h: Household = doc(db, d.household.as_uuid(), "household")
        .await?
        .ok_or(DisburseError::NoHousehold(d.household))?;
    let table = programme_table(db).await?;
    let rate = rate_on(&table.rates, &d.programme, d.on)
        .ok_or_else(|| DisburseError::NoRate(d.programme.clone()))?;
    let group = match d.group {
        Some(g) => Some(g),
        None => db
            .current(vec!["membership".into()])
            .await?
            .into_iter()
            .filter_map(|r| serde_json::from_value::<Membership>(r.payload).ok())
            .find(|m| m.household_id == h.id && m.is_active_on(d.on))
            .map(|m| m.group_id),
    };
    let organisation = match (d.organisation, group) {
        (Some(o), _) => Some(o),
        (None, Some(g)) => doc::<B, Group>(db, g.as_uuid(), "group")
            .await?
            .map(|g| g.organisation_id),
        (None, None) => None,
    };
    let id = loan_id_of(&d.contract_no);
    if db.record(id.as_uuid()).await?.is_some() {
        return Err(DomainError::invalid("contractNo", Code::Duplicate).into());
    }
    let maturity =
        d.on.checked_add_months(Months::new(d.term_months))
            .ok_or_else(|| DomainError::invalid("termMonths", Code::InvalidValue))?;
    Ok(Loan {
        id,
        contract_no: d.contract_no,
        household_id: h.id,
        borrower_id: d.borrower.or(h.head_person_id),
        point_id: h.point_id,
        group_id: group,
        organisation_id: organisation,
        programme: d.programme,
        principal: d.amount,
        disbursed_on: d.on,
        maturity_on: maturity,
        purpose: d.purpose,
        rate,
        status: LoanStatus::InGoodStanding,
        outstanding: d.amount,
        outstanding_as_of: d.on,
        overdue: Money::ZERO,
        terms: Default::default(),
        movements: Vec::new(),
    }
    .validate(today, &table)?)
}

/// Record one disbursement; returns the loan as devices will pull it.
pub async fn disburse<B: Backend>(
    db: &B,
    d: Disbursement,
    today: NaiveDate,
) -> Result<Loan, DisburseError> {
    let loan = loan_of(db, d, today).await?;
    record(db, vec![loan.clone()]).await?;
    Ok(loan)
}

/// Import loans as the province's records; refused if any one is.
pub(crate) async fn record<B: Backend>(db: &B, loans: Vec<Loan>) -> Result<(), DisburseError> {
    let records = loans
        .iter()
        .map(|l| {
            Ok(RefRecord {
                entity: "loan".into(),
                payload: serde_json::to_value(l)?,
            })
        })
        .collect::<Result<Vec<_>, serde_json::Error>>()?;
    let results = admin::import(db, records).await?;
    if results.iter().any(|r| r.server_seq.is_none()) {
        return Err(DisburseError::Refused(results));
    }
    Ok(())
}

/// Demo data: one loan to each of the first `n` member households the province holds (by
/// id), disbursed 0 to 74 days before `today`, so some are overdue for their first check.
pub async fn demo<B: Backend>(
    db: &B,
    n: usize,
    today: NaiveDate,
) -> Result<Vec<Loan>, DisburseError> {
    let mut members: Vec<Membership> = db
        .current(vec!["membership".into()])
        .await?
        .into_iter()
        .filter_map(|r| serde_json::from_value::<Membership>(r.payload).ok())
        .filter(|m| m.is_active_on(today))
        .collect();
    members.sort_by_key(|m| m.household_id);
    members.dedup_by_key(|m| m.household_id);
    let purposes = [
        "Chăn nuôi bò sinh sản",
        "Trồng keo",
        "Chăn nuôi lợn",
        "Trồng lúa nước",
    ];
    let mut loans = Vec::new();
    for (i, m) in members.iter().take(n).enumerate() {
        let days = (i as u64 * 9) % 75;
        let on = today.checked_sub_days(Days::new(days)).unwrap_or(today);
        let on = on.max(m.joined_on);
        let d = Disbursement {
            contract_no: format!("HN-DEMO-{:04}", i + 1),
            household: m.household_id,
            borrower: None,
            programme: "HN".into(),
            amount: Money::dong(30_000_000 + 5_000_000 * (i as i64 % 5)),
            on,
            purpose: purposes[i % purposes.len()].into(),
            term_months: 36,
            group: Some(m.group_id),
            organisation: None,
        };
        loans.push(loan_of(db, d, today).await?);
    }
    record(db, loans.clone()).await?;
    Ok(loans)
}
