//! Households, persons, their poverty-status history and group memberships.

use super::{not_future, optional_text, period, required_text};
use crate::error::{Code, DomainError, DomainResult, Problems};
use crate::ident::{self, Sex};
use crate::ids::*;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Household {
    pub id: HouseholdId,
    /// The VBSP customer code from the loan book (one per household, for life).
    pub customer_code: Option<String>,
    pub village_id: VillageId,
    pub point_id: PointId,
    /// House number, street or hamlet detail.
    pub address: Option<String>,
    pub head_person_id: Option<PersonId>,
    /// Member households this household declared kin (họ hàng) with. Kinship counts both ways
    /// (`rules::related`): a kin household neither votes on, chairs the vetting of, nor checks
    /// the fund use of the other's loan, as a board member does not for their own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kin: Vec<HouseholdId>,
}

/// Most kin declarations one household carries.
pub const MAX_KIN: usize = 30;

impl Household {
    pub fn validate(mut self) -> DomainResult<Self> {
        let mut p = Problems::default();
        self.check(&mut p);
        p.finish()?;
        Ok(self)
    }

    /// The rules of [`Household::validate`], noting every problem in `p` (one form's).
    pub fn check(&mut self, p: &mut Problems) {
        if let Some(code) = p.check(optional_text(
            "customerCode",
            self.customer_code.as_deref(),
            20,
        )) {
            if code
                .as_deref()
                .is_some_and(|c| !c.chars().all(|c| c.is_ascii_alphanumeric()))
            {
                p.add(DomainError::invalid("customerCode", Code::InvalidFormat));
            }
            self.customer_code = code;
        }
        if let Some(a) = p.check(optional_text("address", self.address.as_deref(), 200)) {
            self.address = a;
        }
        self.kin.sort();
        self.kin.dedup();
        if self.kin.contains(&self.id) || self.kin.len() > MAX_KIN {
            p.add(DomainError::invalid("kin", Code::InvalidValue));
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    pub id: PersonId,
    pub household_id: HouseholdId,
    pub full_name: String,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    /// The 12-digit CCCD / Căn cước number.
    pub id_number: Option<String>,
    /// A legacy 9-digit CMND, kept for historical loans.
    pub legacy_id_number: Option<String>,
    pub phone: Option<String>,
    pub ethnicity: Option<String>,
    /// "Chủ hộ", "Vợ", "Con"… as written.
    pub relation: Option<String>,
}

impl Person {
    pub fn validate(mut self, today: NaiveDate) -> DomainResult<Self> {
        let mut p = Problems::default();
        self.check(today, &mut p);
        p.finish()?;
        Ok(self)
    }

    /// The rules of [`Person::validate`], noting every problem in `p` (one form's).
    pub fn check(&mut self, today: NaiveDate, p: &mut Problems) {
        if let Some(v) = p.check(required_text("fullName", &self.full_name, 120)) {
            self.full_name = v;
        }
        let born_ok = p
            .check(not_future("birthDate", self.birth_date, today))
            .is_some();
        let id = optional_text("idNumber", self.id_number.as_deref(), 12)
            .map_err(|_| DomainError::invalid("idNumber", Code::CccdLength));
        if let Some(id) = p.check(id) {
            if let Some(n) = &id
                && born_ok
            {
                p.check(ident::validate_cccd(
                    "idNumber",
                    n,
                    self.birth_date,
                    self.sex,
                ));
            }
            self.id_number = id;
        }
        let legacy = optional_text("legacyIdNumber", self.legacy_id_number.as_deref(), 12);
        if let Some(legacy) = p.check(legacy) {
            if let Some(n) = &legacy {
                p.check(ident::validate_cmnd("legacyIdNumber", n));
            }
            self.legacy_id_number = legacy;
        }
        if let Some(phone) = p.check(optional_text("phone", self.phone.as_deref(), 15)) {
            let ok = phone.as_deref().is_none_or(|p| {
                p.len() == 10 && p.starts_with('0') && p.chars().all(|c| c.is_ascii_digit())
            });
            if !ok {
                p.add(DomainError::invalid("phone", Code::PhoneFormat));
            }
            self.phone = phone;
        }
        if let Some(v) = p.check(optional_text("ethnicity", self.ethnicity.as_deref(), 40)) {
            self.ethnicity = v;
        }
        if let Some(v) = p.check(optional_text("relation", self.relation.as_deref(), 40)) {
            self.relation = v;
        }
    }

    /// Age in whole years on a date.
    pub fn age_on(&self, date: NaiveDate) -> u32 {
        date.years_since(self.birth_date).unwrap_or(0)
    }
}

/// Poverty categories of the multidimensional standard.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PovertyCategory {
    Poor,
    NearPoor,
    /// Left the poor or near-poor list; `escaped_on` says when.
    NewlyEscaped,
    AverageLiving,
    Other,
}

impl PovertyCategory {
    pub fn label_vi(self) -> &'static str {
        match self {
            PovertyCategory::Poor => "Hộ nghèo",
            PovertyCategory::NearPoor => "Hộ cận nghèo",
            PovertyCategory::NewlyEscaped => "Hộ mới thoát nghèo",
            PovertyCategory::AverageLiving => "Hộ có mức sống trung bình",
            PovertyCategory::Other => "Khác",
        }
    }
}

/// One dated entry of a household's poverty-status history. Append-only: a change of status
/// is a new record whose `valid_from` starts it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PovertyStatus {
    pub id: PovertyStatusId,
    pub household_id: HouseholdId,
    pub category: PovertyCategory,
    pub valid_from: NaiveDate,
    /// The date the household left the list (required for newly escaped).
    pub escaped_on: Option<NaiveDate>,
    pub list_year: Option<i32>,
    /// The commune decision that set it, e.g. "QĐ 123/QĐ-UBND".
    pub decision_ref: Option<String>,
}

impl PovertyStatus {
    pub fn validate(mut self, today: NaiveDate) -> DomainResult<Self> {
        not_future("validFrom", self.valid_from, today)?;
        match (self.category, self.escaped_on) {
            (PovertyCategory::NewlyEscaped, None) => {
                return Err(DomainError::invalid("escapedOn", Code::Required));
            }
            (PovertyCategory::NewlyEscaped, Some(d)) => not_future("escapedOn", d, today)?,
            (_, Some(_)) => return Err(DomainError::invalid("escapedOn", Code::InvalidValue)),
            (_, None) => {}
        }
        if let Some(y) = self.list_year
            && !(2000..=2100).contains(&y)
        {
            return Err(DomainError::invalid("listYear", Code::InvalidValue));
        }
        self.decision_ref = optional_text("decisionRef", self.decision_ref.as_deref(), 80)?;
        Ok(self)
    }
}

/// A household's membership of a group over a period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Membership {
    pub id: MembershipId,
    pub household_id: HouseholdId,
    pub group_id: GroupId,
    pub joined_on: NaiveDate,
    pub left_on: Option<NaiveDate>,
    pub left_reason: Option<String>,
}

impl Membership {
    pub fn validate(mut self, today: NaiveDate) -> DomainResult<Self> {
        not_future("joinedOn", self.joined_on, today)?;
        period("leftOn", self.joined_on, self.left_on)?;
        self.left_reason = optional_text("leftReason", self.left_reason.as_deref(), 200)?;
        Ok(self)
    }

    pub fn is_active_on(&self, date: NaiveDate) -> bool {
        self.joined_on <= date && self.left_on.is_none_or(|l| l > date)
    }
}
