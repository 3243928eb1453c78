//! Households, persons, memberships and the .xlsx import.

use super::{LoanStatus, PovertyCategory, Sex};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HouseholdHit {
    pub household_id: String,
    pub head_name: Option<String>,
    pub customer_code: Option<String>,
    pub village_name: Option<String>,
    pub group_name: Option<String>,
}

/// A page of the household list: a search (accents optional), optionally in one village or
/// one group, ordered by name (default), village or group.
#[derive(Clone, Debug, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchQuery {
    pub query: String,
    pub limit: u32,
    #[serde(default)]
    pub offset: u32,
    #[serde(default)]
    pub village_id: Option<String>,
    #[serde(default)]
    pub group_id: Option<String>,
    /// "name" (default), "village" or "group".
    #[serde(default)]
    pub sort: Option<String>,
}

/// A page of households and how many the whole list has ("100 of 600").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HouseholdPage {
    pub hits: Vec<HouseholdHit>,
    pub total: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HouseholdInfo {
    pub id: String,
    pub customer_code: Option<String>,
    pub village_id: String,
    pub village_name: String,
    pub address: Option<String>,
    pub head_person_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PersonInfo {
    pub id: String,
    pub household_id: String,
    pub full_name: String,
    pub birth_date: String,
    pub sex: Sex,
    pub id_number: Option<String>,
    pub legacy_id_number: Option<String>,
    pub phone: Option<String>,
    pub ethnicity: Option<String>,
    pub relation: Option<String>,
    pub is_head: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PovertyEntry {
    pub id: String,
    pub category: PovertyCategory,
    pub valid_from: String,
    pub escaped_on: Option<String>,
    pub list_year: Option<i32>,
    pub decision_ref: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MembershipInfo {
    pub id: String,
    pub household_id: String,
    pub group_id: String,
    pub group_name: String,
    pub joined_on: String,
    pub left_on: Option<String>,
    pub left_reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HouseholdDetail {
    pub household: HouseholdInfo,
    pub point_name: String,
    pub persons: Vec<PersonInfo>,
    /// Newest first.
    pub poverty: Vec<PovertyEntry>,
    pub memberships: Vec<MembershipInfo>,
    /// The bank's loans (read only), newest disbursement first.
    pub loans: Vec<LoanInfo>,
    /// The programme meant for the household's current poverty category alone (poor: HN,
    /// near-poor: HCN, newly escaped: HMTN), where there is one: the 01/TD starts on it.
    pub own_programme: Option<String>,
    /// Households kin with this one (họ hàng), declared by either.
    pub kin: Vec<KinInfo>,
    /// The other members of its groups today, which it may declare kin.
    pub kin_candidates: Vec<KinInfo>,
}

/// A household kin with another (or one it may declare).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KinInfo {
    pub household_id: String,
    pub head_name: Option<String>,
    /// Declared by the household shown (it may withdraw it); otherwise by the other one.
    pub declared_here: bool,
}

/// A household's kin after a declaration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KinList {
    pub kin: Vec<KinInfo>,
    pub kin_candidates: Vec<KinInfo>,
}

/// Declare a household kin with another (`kin`: true) or withdraw the declaration.
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KinInput {
    pub household_id: String,
    pub kin_household_id: String,
    pub kin: bool,
}

/// A disbursed loan as the bank recorded it. Money in đồng.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LoanInfo {
    pub id: String,
    pub contract_no: String,
    /// Programme code (HN, HCN, …).
    pub programme: String,
    pub principal: i64,
    pub disbursed_on: String,
    pub maturity_on: String,
    pub purpose: String,
    /// The annual rate of its programme in force today, in parts per million (62,400 =
    /// 6,24 %/năm; 74,880 = 7,488 %/năm).
    pub rate_ppm: u32,
    pub status: LoanStatus,
    pub outstanding: i64,
    pub outstanding_as_of: String,
}

/// Add (no id) or edit a household.
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HouseholdInput {
    pub id: Option<String>,
    pub customer_code: Option<String>,
    pub village_id: String,
    pub address: Option<String>,
}

/// Add (no id) or edit a person. Dates are ISO strings.
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PersonInput {
    pub id: Option<String>,
    pub household_id: String,
    pub full_name: String,
    pub birth_date: String,
    pub sex: Sex,
    pub id_number: Option<String>,
    pub legacy_id_number: Option<String>,
    pub phone: Option<String>,
    pub ethnicity: Option<String>,
    pub relation: Option<String>,
    pub is_head: bool,
}

/// Add (no id) or edit a membership (leaving a group sets `leftOn`).
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MembershipInput {
    pub id: Option<String>,
    pub household_id: String,
    pub group_id: String,
    pub joined_on: String,
    pub left_on: Option<String>,
    pub left_reason: Option<String>,
}

/// A new household joining a group, with its head: one save from the group screen.
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NewMember {
    pub group_id: String,
    pub full_name: String,
    pub birth_date: String,
    pub sex: Sex,
    pub id_number: Option<String>,
    pub phone: Option<String>,
    pub customer_code: Option<String>,
    pub address: Option<String>,
    pub joined_on: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportFile {
    /// The .xlsx file's bytes.
    pub bytes: Vec<u8>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportRowError {
    /// Spreadsheet row (the header is row 1).
    pub row: u32,
    pub column: String,
    pub code: String,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    pub rows: u32,
    pub households: u32,
    pub persons: u32,
    /// True when the file was imported; a file with any bad row imports nothing.
    pub imported: bool,
    pub errors: Vec<ImportRowError>,
}
