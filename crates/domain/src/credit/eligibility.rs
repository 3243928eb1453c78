//! Eligibility of a loan application (01/TD). The UI evaluates it while the officer types and
//! the store and the province again when it is saved: the same function, the same reasons.

use super::programme::{Ceiling, Programme};
use crate::money::Money;
use crate::reference::rules::{newly_escaped_on, status_on};
use crate::reference::{PovertyCategory, PovertyStatus};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Why an application may not (blocking) or should be looked at twice (warning).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    AmountNotPositive,
    RepresentativeUnder18,
    AuthorisationMissing,
    NoPovertyStatus,
    CategoryNotEligible,
    EscapedMoreThan3Years,
    OverCeiling,
    TermTooLong,
    OpenApplicationExists,
    NotGroupMember,
    GroupInOtherVillage,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Blocking,
    Warning,
}

impl Reason {
    pub fn severity(self) -> Severity {
        match self {
            Reason::GroupInOtherVillage => Severity::Warning,
            _ => Severity::Blocking,
        }
    }

    /// The application field the reason is about.
    pub fn field(self) -> &'static str {
        match self {
            Reason::AmountNotPositive | Reason::OverCeiling => "amount",
            Reason::RepresentativeUnder18 => "representativeId",
            Reason::AuthorisationMissing => "authorisation",
            Reason::NoPovertyStatus
            | Reason::CategoryNotEligible
            | Reason::EscapedMoreThan3Years => "householdId",
            Reason::TermTooLong => "termMonths",
            Reason::OpenApplicationExists => "programme",
            Reason::NotGroupMember | Reason::GroupInOtherVillage => "householdId",
        }
    }

    pub fn message_vi(self) -> &'static str {
        match self {
            Reason::AmountNotPositive => "Số tiền đề nghị vay phải lớn hơn 0",
            Reason::RepresentativeUnder18 => "Người đại diện hộ phải từ đủ 18 tuổi",
            Reason::AuthorisationMissing => {
                "Người đại diện không phải chủ hộ: cần giấy ủy quyền (01/UQ)"
            }
            Reason::NoPovertyStatus => "Hộ chưa có thông tin diện hộ tại ngày đề nghị",
            Reason::CategoryNotEligible => "Diện hộ không thuộc đối tượng của chương trình",
            Reason::EscapedMoreThan3Years => "Hộ đã thoát nghèo quá 3 năm",
            Reason::OverCeiling => "Dư nợ hiện có cộng số đề nghị vượt mức cho vay tối đa",
            Reason::TermTooLong => "Thời hạn vay vượt thời hạn tối đa của chương trình",
            Reason::OpenApplicationExists => {
                "Hộ đang có một đề nghị vay khác chưa xử lý trong chương trình này"
            }
            Reason::NotGroupMember => "Hộ chưa là tổ viên Tổ TK&VV",
            Reason::GroupInOtherVillage => "Hộ là tổ viên của tổ ở thôn khác (cần ghi chú lý do)",
        }
    }

    pub fn message_en(self) -> &'static str {
        match self {
            Reason::AmountNotPositive => "The amount requested must be more than 0",
            Reason::RepresentativeUnder18 => "The household representative must be at least 18",
            Reason::AuthorisationMissing => {
                "The representative is not the head: an authorisation (01/UQ) is needed"
            }
            Reason::NoPovertyStatus => {
                "The household has no poverty status on the application date"
            }
            Reason::CategoryNotEligible => {
                "The household's category is not eligible for this programme"
            }
            Reason::EscapedMoreThan3Years => "The household left poverty more than 3 years ago",
            Reason::OverCeiling => {
                "Outstanding loans plus the amount requested exceed the programme ceiling"
            }
            Reason::TermTooLong => "The term exceeds the programme's maximum",
            Reason::OpenApplicationExists => {
                "The household already has an open application in this programme"
            }
            Reason::NotGroupMember => "The household is not a member of a savings-and-loan group",
            Reason::GroupInOtherVillage => {
                "The household's group is in another village (a note is needed)"
            }
        }
    }
}

/// What eligibility is decided from. The caller gathers it from the store or the province.
#[derive(Clone, Debug)]
pub struct Facts<'a> {
    pub programme: &'a Programme,
    pub application_date: NaiveDate,
    pub amount: Money,
    pub term_months: u32,
    /// Months of study, for per-month ceilings.
    pub months: u32,
    pub representative_birth: NaiveDate,
    pub representative_is_head: bool,
    pub authorisation_recorded: bool,
    pub poverty_history: &'a [PovertyStatus],
    /// Outstanding principal of the household's loans in this programme.
    pub outstanding_in_programme: Money,
    pub other_open_application: bool,
    /// `None`: not a member of any group; `Some(true)`: the group is in the household's village.
    pub group_in_own_village: Option<bool>,
}

/// The most one application made on `day` may ask for: per-month ceilings count the months of
/// study.
pub fn ceiling(p: &Programme, months: u32, day: NaiveDate) -> Option<Money> {
    match p.ceiling_on(day) {
        Ceiling::Month(per_month) => per_month.checked_mul(i64::from(months.max(1))),
        other => Some(other.amount()),
    }
}

/// Every reason that applies, blocking first.
pub fn evaluate(f: &Facts<'_>) -> Vec<Reason> {
    let mut out = Vec::new();
    if f.amount.as_dong() <= 0 {
        out.push(Reason::AmountNotPositive);
    }
    if f.application_date
        .years_since(f.representative_birth)
        .unwrap_or(0)
        < 18
    {
        out.push(Reason::RepresentativeUnder18);
    }
    if !f.representative_is_head && !f.authorisation_recorded {
        out.push(Reason::AuthorisationMissing);
    }
    if !f.programme.eligible.is_empty() {
        match status_on(f.poverty_history, f.application_date) {
            None => out.push(Reason::NoPovertyStatus),
            Some(s) if !f.programme.eligible.contains(&s.category) => {
                out.push(Reason::CategoryNotEligible)
            }
            Some(s)
                if s.category == PovertyCategory::NewlyEscaped
                    && !newly_escaped_on(s, f.application_date) =>
            {
                out.push(Reason::EscapedMoreThan3Years)
            }
            Some(_) => {}
        }
    }
    let ceiling = ceiling(f.programme, f.months, f.application_date);
    let total = f.outstanding_in_programme.checked_add(f.amount);
    match (total, ceiling) {
        (Some(t), Some(c)) if t <= c => {}
        _ => out.push(Reason::OverCeiling),
    }
    if f.programme
        .max_term_months
        .is_some_and(|max| f.term_months > max)
        || f.term_months == 0
    {
        out.push(Reason::TermTooLong);
    }
    if f.other_open_application {
        out.push(Reason::OpenApplicationExists);
    }
    if f.programme.via_group {
        match f.group_in_own_village {
            None => out.push(Reason::NotGroupMember),
            Some(false) => out.push(Reason::GroupInOtherVillage),
            Some(true) => {}
        }
    }
    out.sort_by_key(|r| r.severity() == Severity::Warning);
    out
}

/// May the application be submitted? Blocking reasons prevent it; warnings need a note.
pub fn may_submit(reasons: &[Reason], note: Option<&str>) -> bool {
    let blocking = reasons.iter().any(|r| r.severity() == Severity::Blocking);
    let warned = reasons.iter().any(|r| r.severity() == Severity::Warning);
    !blocking && (!warned || note.is_some_and(|n| !n.trim().is_empty()))
}

#[cfg(test)]
#[path = "eligibility_tests.rs"]
mod tests;
