//! Administrative units, offices, transaction points, villages, organisations and groups.

use super::{digits, optional_text, period, required_text};
use crate::error::{Code, DomainError, DomainResult};
use crate::ids::*;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A unit of the 2025 administrative list (Decision 19/2025/QĐ-TTg): a province (2-digit code)
/// or a commune-level unit (5-digit code). Built in; not edited on devices.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AdminUnit {
    pub code: String,
    pub name: String,
    /// As the official list names it: "tỉnh", "thành phố trung ương", "xã", "phường", "đặc khu".
    pub unit_type: String,
    pub parent_code: Option<String>,
}

impl AdminUnit {
    pub fn validate(&self) -> DomainResult<()> {
        match &self.parent_code {
            None => digits("code", &self.code, &[2])?,
            Some(parent) => {
                digits("code", &self.code, &[5])?;
                digits("parentCode", parent, &[2])?;
            }
        }
        required_text("name", &self.name, 120)?;
        required_text("unitType", &self.unit_type, 40)?;
        Ok(())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Office {
    pub id: OfficeId,
    pub name: String,
    pub province_code: String,
    /// The former district the office served, kept for reports that still name it.
    pub legacy_district_name: Option<String>,
}

impl Office {
    pub fn validate(mut self) -> DomainResult<Self> {
        self.name = required_text("name", &self.name, 120)?;
        digits("provinceCode", &self.province_code, &[2])?;
        self.legacy_district_name = optional_text(
            "legacyDistrictName",
            self.legacy_district_name.as_deref(),
            120,
        )?;
        Ok(self)
    }
}

/// A commune transaction point with its fixed monthly session day. A point is not a commune:
/// a merged commune can have several points (see `PointCommune`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Point {
    pub id: PointId,
    pub code: String,
    pub name: String,
    pub office_id: OfficeId,
    /// Where sessions are held: a former commune hall, a village cultural house…
    pub venue: String,
    /// The fixed solar day of the month (1–31; a short month holds it on its last day).
    pub session_day: u8,
}

impl Point {
    pub fn validate(mut self) -> DomainResult<Self> {
        self.code = required_text("code", &self.code, 20)?;
        self.name = required_text("name", &self.name, 120)?;
        self.venue = required_text("venue", &self.venue, 200)?;
        if !(1..=31).contains(&self.session_day) {
            return Err(DomainError::invalid("sessionDay", Code::InvalidValue));
        }
        Ok(self)
    }

    /// The next session date on or after `today`.
    pub fn next_session(&self, today: NaiveDate) -> NaiveDate {
        crate::reference::rules::next_session_day(self.session_day, today)
    }
}

/// An effective-dated link between a point and the commune(s) it serves.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PointCommune {
    pub id: PointCommuneId,
    pub point_id: PointId,
    pub commune_code: String,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
}

impl PointCommune {
    pub fn validate(self) -> DomainResult<Self> {
        digits("communeCode", &self.commune_code, &[5])?;
        period("validTo", self.valid_from, self.valid_to)?;
        Ok(self)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VillageKind {
    Thon,
    Xom,
    Ap,
    Ban,
    Lang,
    Plei,
    Buon,
    ToDanPho,
}

impl VillageKind {
    pub fn label_vi(self) -> &'static str {
        match self {
            VillageKind::Thon => "Thôn",
            VillageKind::Xom => "Xóm",
            VillageKind::Ap => "Ấp",
            VillageKind::Ban => "Bản",
            VillageKind::Lang => "Làng",
            VillageKind::Plei => "Plei",
            VillageKind::Buon => "Buôn",
            VillageKind::ToDanPho => "Tổ dân phố",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Village {
    pub id: VillageId,
    pub name: String,
    pub kind: VillageKind,
    pub commune_code: String,
    /// The point whose sessions the village attends.
    pub point_id: PointId,
}

impl Village {
    pub fn validate(mut self) -> DomainResult<Self> {
        self.name = required_text("name", &self.name, 120)?;
        digits("communeCode", &self.commune_code, &[5])?;
        Ok(self)
    }
}

/// The four entrusted socio-political organisations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    /// Hội Nông dân.
    Farmers,
    /// Hội Liên hiệp Phụ nữ.
    Women,
    /// Hội Cựu chiến binh.
    Veterans,
    /// Đoàn Thanh niên Cộng sản Hồ Chí Minh.
    Youth,
}

impl OrgKind {
    pub const ALL: [OrgKind; 4] = [
        OrgKind::Farmers,
        OrgKind::Women,
        OrgKind::Veterans,
        OrgKind::Youth,
    ];

    pub fn name_vi(self) -> &'static str {
        match self {
            OrgKind::Farmers => "Hội Nông dân",
            OrgKind::Women => "Hội Liên hiệp Phụ nữ",
            OrgKind::Veterans => "Hội Cựu chiến binh",
            OrgKind::Youth => "Đoàn Thanh niên",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Organisation {
    pub id: OrganisationId,
    pub kind: OrgKind,
    pub commune_code: String,
    pub name: String,
}

impl Organisation {
    pub fn validate(mut self) -> DomainResult<Self> {
        self.name = required_text("name", &self.name, 160)?;
        digits("communeCode", &self.commune_code, &[5])?;
        Ok(self)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupStatus {
    Active,
    Suspended,
    Merged,
    Split,
    Dissolved,
}

/// A savings-and-loan group (Tổ TK&VV).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Group {
    pub id: GroupId,
    pub code: String,
    pub name: String,
    pub organisation_id: OrganisationId,
    pub village_id: VillageId,
    pub point_id: PointId,
    pub founded_on: NaiveDate,
    pub status: GroupStatus,
}

impl Group {
    pub fn validate(mut self, today: NaiveDate) -> DomainResult<Self> {
        self.code = required_text("code", &self.code, 20)?;
        self.name = required_text("name", &self.name, 160)?;
        super::not_future("foundedOn", self.founded_on, today)?;
        Ok(self)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BoardRole {
    Leader,
    Deputy,
    Secretary,
}

/// A board role held by a person in a group over a period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupRole {
    pub id: GroupRoleId,
    pub group_id: GroupId,
    pub person_id: PersonId,
    pub role: BoardRole,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
}

impl GroupRole {
    pub fn validate(self) -> DomainResult<Self> {
        period("to", self.from, self.to)?;
        Ok(self)
    }
}
