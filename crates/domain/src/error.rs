//! Typed domain errors. A validation error always names the field it is about and carries a
//! stable code; the messages for people (Vietnamese first, English on request) live here too so
//! the device, its UI and the province say the same thing.

use crate::money::Money;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The field an error is about, as the wire and the UI name it (camelCase).
pub type Field = &'static str;

/// Stable reason codes. They travel over the wire and are stored in the quarantine; never rename.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Code {
    Required,
    TooLong,
    TooShort,
    InvalidFormat,
    InvalidValue,
    FutureDate,
    DateOrder,
    CccdLength,
    CccdDigits,
    CccdCenturyMismatch,
    CccdSexMismatch,
    CmndFormat,
    Duplicate,
    AlreadyInGroup,
    NotFound,
    AppendOnly,
    GroupFull,
    Forbidden,
    Overflow,
    Negative,
    InvalidTransition,
    NoQuorum,
    VotesExceedPresent,
    ConflictOfInterest,
    OverCeiling,
    NotEligible,
    /// A fund-use check that another check already replaced.
    AlreadySuperseded,
    /// A photo above the size limit.
    PhotoTooLarge,
    /// A file that is not a JPEG or PNG image.
    PhotoType,
    BelowMinimum,
    OverBalance,
    SessionClosed,
    ChainBroken,
    AlreadyReversed,
    /// A handover or close whose cash matched: nothing to resolve.
    NoDiscrepancy,
    /// The discrepancy case already has its resolution.
    AlreadyResolved,
    /// More than the difference of the case.
    OverDifference,
    /// Not written as a date (dd/mm/yyyy on screen).
    DateFormat,
    /// Written as a date, but the day does not exist (31/02).
    NoSuchDate,
    /// A repeated entry (the password typed twice) that differs from the first.
    Mismatch,
    /// The meeting was called off: nothing more is decided or changed under it.
    MeetingCancelled,
    /// Not a Vietnamese phone number (10 digits starting with 0).
    PhoneFormat,
    /// A session's controller who is also its teller.
    SameTellerAndController,
    /// A group leader resolving the difference of their own group's handover.
    OwnCase,
    /// A fund-use check finding more used than the loan's principal.
    OverPrincipal,
    /// A chair or a fund-use checker whose household is the borrower's or kin with it.
    RelatedHousehold,
    /// A commune's certification of a 03/TD list recorded by the group side, or without the
    /// signed paper's reference.
    NotCommuneSide,
    /// A plan's whole capital need below its own capital and the loan together.
    BelowParts,
    /// The bank approving more than the application asked for.
    AboveRequested,
}

impl Code {
    /// The Vietnamese message shown by default.
    pub fn message_vi(self) -> &'static str {
        match self {
            Code::Required => "Không được để trống",
            Code::TooLong => "Quá dài",
            Code::TooShort => "Quá ngắn (ít nhất 8 ký tự)",
            Code::InvalidFormat => "Sai định dạng",
            Code::DateFormat => "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 05/03/1985",
            Code::NoSuchDate => "Không có ngày này: kiểm tra lại ngày và tháng",
            Code::Mismatch => "Không khớp với mật khẩu đã nhập",
            Code::PhoneFormat => "Số điện thoại gồm 10 chữ số, bắt đầu bằng 0",
            Code::MeetingCancelled => "Cuộc họp đã bị hủy: không thể thay đổi hay biểu quyết thêm",
            Code::InvalidValue => "Giá trị không hợp lệ",
            Code::FutureDate => "Ngày không được ở tương lai",
            Code::DateOrder => "Ngày kết thúc phải sau ngày bắt đầu",
            Code::CccdLength => "Số CCCD phải có đúng 12 chữ số",
            Code::CccdDigits => "Số CCCD chỉ gồm chữ số",
            Code::CccdCenturyMismatch => "Chữ số thế kỷ của CCCD không khớp với năm sinh",
            Code::CccdSexMismatch => "Chữ số giới tính của CCCD không khớp với giới tính",
            Code::CmndFormat => "Số CMND phải có 9 hoặc 12 chữ số",
            Code::Duplicate => "Đã tồn tại",
            Code::AlreadyInGroup => "Hộ đã là tổ viên của một tổ khác",
            Code::NotFound => "Không tìm thấy",
            Code::AppendOnly => "Bản ghi chỉ được thêm, không được sửa hay xóa",
            Code::GroupFull => "Tổ đã đủ số tổ viên tối đa",
            Code::Forbidden => "Không có quyền thực hiện",
            Code::Overflow => "Số tiền vượt giới hạn",
            Code::Negative => "Không được âm",
            Code::InvalidTransition => "Không thể chuyển sang trạng thái này",
            Code::NoQuorum => "Cuộc họp chưa đủ số tổ viên tham dự theo quy định",
            Code::VotesExceedPresent => "Số phiếu nhiều hơn số người có quyền biểu quyết",
            Code::ConflictOfInterest => {
                "Hộ vay và hộ có họ hàng với hộ vay không được biểu quyết hồ sơ này"
            }
            Code::OverCeiling => "Vượt mức cho vay tối đa của chương trình",
            Code::SameTellerAndController => {
                "Kiểm soát viên và giao dịch viên phải là hai người khác nhau"
            }
            Code::OwnCase => "Tổ trưởng không tự giải quyết chênh lệch khi bàn giao của tổ mình",
            Code::OverPrincipal => "Lớn hơn số tiền đã giải ngân của khoản vay",
            Code::AboveRequested => "Lớn hơn số tiền đề nghị vay",
            Code::BelowParts => "Tổng nhu cầu vốn phải ít nhất bằng vốn tự có cộng số tiền vay",
            Code::RelatedHousehold => {
                "Là hộ vay hoặc hộ có họ hàng với hộ vay: người khác phải làm việc này (tổ phó chủ trì, người khác kiểm tra)"
            }
            Code::NotCommuneSide => {
                "Xác nhận của UBND xã ghi theo văn bản đã ký (số, ngày) và do tổ giao dịch ghi, không do tổ trưởng hay hội đoàn thể"
            }
            Code::NotEligible => "Hồ sơ chưa đủ điều kiện như đã nêu",
            Code::AlreadySuperseded => "Biên bản này đã được thay thế bằng một biên bản khác",
            Code::PhotoTooLarge => "Ảnh quá lớn (tối đa 10 MB)",
            Code::PhotoType => "Chỉ nhận ảnh JPEG hoặc PNG",
            Code::BelowMinimum => "Số tiền thấp hơn mức tối thiểu",
            Code::OverBalance => "Số tiền vượt số dư",
            Code::SessionClosed => "Phiên giao dịch đã đóng, không được thay đổi",
            Code::ChainBroken => "Chuỗi nhật ký tiền bị đứt hoặc bị sửa",
            Code::AlreadyReversed => "Bút toán này đã được hủy",
            Code::NoDiscrepancy => "Không có chênh lệch để xử lý",
            Code::AlreadyResolved => "Trường hợp chênh lệch này đã được xử lý",
            Code::OverDifference => "Số tiền vượt số chênh lệch",
        }
    }

    /// The English message, for the English switch.
    pub fn message_en(self) -> &'static str {
        match self {
            Code::Required => "Required",
            Code::TooLong => "Too long",
            Code::TooShort => "Too short (at least 8 characters)",
            Code::InvalidFormat => "Invalid format",
            Code::DateFormat => "Type the date as day/month/year, e.g. 05/03/1985",
            Code::NoSuchDate => "There is no such day: check the day and the month",
            Code::Mismatch => "Does not match the password typed above",
            Code::PhoneFormat => "A phone number has 10 digits and starts with 0",
            Code::MeetingCancelled => {
                "The meeting was cancelled: nothing more can be changed or decided"
            }
            Code::InvalidValue => "Invalid value",
            Code::FutureDate => "The date cannot be in the future",
            Code::DateOrder => "The end date must be after the start date",
            Code::CccdLength => "A CCCD number has exactly 12 digits",
            Code::CccdDigits => "A CCCD number has digits only",
            Code::CccdCenturyMismatch => "The CCCD century digit does not match the birth year",
            Code::CccdSexMismatch => "The CCCD sex digit does not match the sex",
            Code::CmndFormat => "A CMND number has 9 or 12 digits",
            Code::Duplicate => "Already exists",
            Code::AlreadyInGroup => "The household is already a member of another group",
            Code::NotFound => "Not found",
            Code::AppendOnly => "This record can only be added, never changed or deleted",
            Code::GroupFull => "The group already has its maximum number of members",
            Code::Forbidden => "Not allowed",
            Code::Overflow => "Amount out of range",
            Code::Negative => "Cannot be negative",
            Code::InvalidTransition => "This status change is not allowed",
            Code::NoQuorum => "The meeting does not have a quorum",
            Code::VotesExceedPresent => "More votes than members entitled to vote",
            Code::ConflictOfInterest => {
                "Neither the applicant's household nor a kin household votes on this application"
            }
            Code::OverCeiling => "Above the programme's ceiling",
            Code::SameTellerAndController => "The controller and the teller must be two people",
            Code::OwnCase => "A group leader does not resolve their own group's handover",
            Code::OverPrincipal => "More than the loan's disbursed principal",
            Code::AboveRequested => "More than the amount applied for",
            Code::BelowParts => "The whole capital need is at least the own capital plus the loan",
            Code::RelatedHousehold => {
                "The borrower's own household or a kin household: someone else must do this (the deputy chairs, another member checks)"
            }
            Code::NotCommuneSide => {
                "The commune's certification is recorded from the signed paper (number, date) by the point's team, never by a group leader or an organisation officer"
            }
            Code::NotEligible => "The application does not meet the conditions shown",
            Code::AlreadySuperseded => "This check was already replaced by another one",
            Code::PhotoTooLarge => "The photo is too large (at most 10 MB)",
            Code::PhotoType => "Only JPEG or PNG images are accepted",
            Code::BelowMinimum => "Below the minimum amount",
            Code::OverBalance => "More than the balance",
            Code::SessionClosed => "The transaction session is closed; its records are read-only",
            Code::ChainBroken => "The money journal's chain is broken or altered",
            Code::AlreadyReversed => "This entry was already reversed",
            Code::NoDiscrepancy => "There is no difference to resolve",
            Code::AlreadyResolved => "This discrepancy case was already resolved",
            Code::OverDifference => "More than the difference",
        }
    }
}

/// What is wrong with one field. `limit`: the bound the value went past (a ceiling in đồng),
/// for messages that say what is expected.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub field: String,
    pub code: Code,
    pub limit: Option<Money>,
}

/// An error raised by a domain rule.
#[derive(Clone, Debug, PartialEq, Eq, Error, Serialize, Deserialize)]
pub enum DomainError {
    #[error("{field}: {code:?}")]
    Validation { field: String, code: Code },
    /// Every problem of a form at once, in the order of its fields (never empty).
    #[error("{} fields: {problems:?}", problems.len())]
    Fields { problems: Vec<Problem> },
    #[error("not found: {what}")]
    NotFound { what: String },
    #[error("forbidden: {action}")]
    Forbidden { action: String },
}

impl DomainError {
    pub fn invalid(field: Field, code: Code) -> Self {
        DomainError::Validation {
            field: field.to_owned(),
            code,
        }
    }

    /// A value past a bound the message should name (an amount over a programme's ceiling).
    pub fn over(field: Field, code: Code, limit: Money) -> Self {
        DomainError::Fields {
            problems: vec![Problem {
                field: field.to_owned(),
                code,
                limit: Some(limit),
            }],
        }
    }

    /// The field this error names (the first one, for a form's), if it is a validation error.
    pub fn field(&self) -> Option<&str> {
        match self {
            DomainError::Validation { field, .. } => Some(field),
            DomainError::Fields { problems } => problems.first().map(|p| p.field.as_str()),
            _ => None,
        }
    }

    /// Every field problem this error carries, in order (none for not found / forbidden).
    pub fn problems(&self) -> Vec<Problem> {
        match self {
            DomainError::Validation { field, code } => vec![Problem {
                field: field.clone(),
                code: *code,
                limit: None,
            }],
            DomainError::Fields { problems } => problems.clone(),
            _ => Vec::new(),
        }
    }

    pub fn code(&self) -> Code {
        match self {
            DomainError::Validation { code, .. } => *code,
            DomainError::Fields { problems } => {
                problems.first().map_or(Code::InvalidValue, |p| p.code)
            }
            DomainError::NotFound { .. } => Code::NotFound,
            DomainError::Forbidden { .. } => Code::Forbidden,
        }
    }
}

pub type DomainResult<T> = Result<T, DomainError>;

/// Collects the problems of a whole form so that a person sees all of them at once: each rule's
/// result goes through [`Problems::check`], and [`Problems::finish`] answers with every field's
/// first problem. An error that is not about a field (not found, forbidden) wins over them.
#[derive(Debug, Default)]
pub struct Problems {
    list: Vec<Problem>,
    other: Option<DomainError>,
}

impl Problems {
    /// The rule's value, or `None` with its problem noted.
    pub fn check<T>(&mut self, r: DomainResult<T>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.add(e);
                None
            }
        }
    }

    pub fn add(&mut self, e: DomainError) {
        match e {
            DomainError::Validation { .. } | DomainError::Fields { .. } => {
                for p in e.problems() {
                    if !self.list.iter().any(|q| q.field == p.field) {
                        self.list.push(p);
                    }
                }
            }
            other => {
                self.other.get_or_insert(other);
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty() && self.other.is_none()
    }

    /// Nothing noted: `Ok`. One plain problem: the usual validation error. More: all of them.
    pub fn finish(self) -> DomainResult<()> {
        if let Some(e) = self.other {
            return Err(e);
        }
        match self.list.as_slice() {
            [] => Ok(()),
            [p] if p.limit.is_none() => Err(DomainError::Validation {
                field: p.field.clone(),
                code: p.code,
            }),
            _ => Err(DomainError::Fields {
                problems: self.list,
            }),
        }
    }
}
