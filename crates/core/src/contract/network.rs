//! Home, transaction points, groups.

use super::{BoardRole, GroupStatus, OrgKind, PovertyCategory};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PointInfo {
    pub id: String,
    pub code: String,
    pub name: String,
    pub venue: String,
    pub session_day: u8,
    pub office_name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    pub villages: u32,
    pub groups: u32,
    pub households: u32,
    pub persons: u32,
    /// Households in a group today.
    pub members: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HomeSummary {
    /// Today's transaction point (the device's first point), if any data is loaded.
    pub point: Option<PointInfo>,
    /// The next session day on or after today (ISO date).
    pub next_session: Option<String>,
    pub today: String,
    /// "Xã Minh Long, Tỉnh Quảng Ngãi" style names of the communes the point serves.
    pub communes: Vec<String>,
    pub counts: Counts,
}

/// An administrative unit (commune) served by a point.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UnitInfo {
    pub code: String,
    pub name: String,
    pub unit_type: String,
    pub province_name: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GroupRow {
    pub id: String,
    pub code: String,
    pub name: String,
    pub org_kind: OrgKind,
    pub organisation_id: String,
    pub organisation_name: String,
    pub village_name: String,
    pub status: GroupStatus,
    pub founded_on: String,
    pub members: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PointNode {
    pub point: PointInfo,
    pub communes: Vec<UnitInfo>,
    pub groups: Vec<GroupRow>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BoardMember {
    pub role: BoardRole,
    pub person_name: String,
    pub from: String,
}

/// An active member household of a group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MemberRow {
    pub membership_id: String,
    pub household_id: String,
    pub head_name: Option<String>,
    pub id_number: Option<String>,
    pub customer_code: Option<String>,
    pub village_name: Option<String>,
    pub joined_on: String,
    pub category: Option<PovertyCategory>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GroupDetail {
    pub group: GroupRow,
    pub point_name: String,
    pub board: Vec<BoardMember>,
    pub members: Vec<MemberRow>,
}

/// A choice in a form's select box.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Choice {
    pub id: String,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FormOptions {
    pub villages: Vec<Choice>,
    pub groups: Vec<Choice>,
    /// The display names of the point's active users, in Vietnamese name order.
    pub staff: Vec<String>,
}
