//! Errors of the use cases and the typed error the UI receives.

use crate::contract::Lang;
use serde::{Deserialize, Serialize};
use thiserror::Error;
use ts_rs::TS;
use vonxa_domain::{Code, DomainError};
use vonxa_store::StoreError;

/// The error every command returns. The UI branches on `kind`; `message` is already in the
/// user's language; a validation error names the field (camelCase, as in the request).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS, Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum IpcError {
    #[error("{field}: {message}")]
    Validation {
        field: String,
        code: String,
        message: String,
        /// The form's other problems, one per field, so that all are shown at once.
        more: Vec<FieldMessage>,
    },
    #[error("not found: {message}")]
    NotFound { message: String },
    #[error("conflict: {message}")]
    Conflict { message: String },
    #[error("forbidden: {message}")]
    Forbidden { message: String },
    #[error("wrong password: {message}")]
    WrongPassword { message: String },
    #[error("internal: {message}")]
    Internal { message: String },
}

impl IpcError {
    /// The kind the UI branches on (the `kind` tag on the wire), for logs.
    pub fn kind(&self) -> &'static str {
        match self {
            IpcError::Validation { .. } => "validation",
            IpcError::NotFound { .. } => "not_found",
            IpcError::Conflict { .. } => "conflict",
            IpcError::Forbidden { .. } => "forbidden",
            IpcError::WrongPassword { .. } => "wrong_password",
            IpcError::Internal { .. } => "internal",
        }
    }
}

/// One more field's problem in a validation error.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FieldMessage {
    pub field: String,
    pub code: String,
    pub message: String,
}

/// What went wrong inside a use case, before it is put in the user's words.
#[derive(Debug, Error)]
pub enum CoreError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Domain(#[from] DomainError),
    #[error("no open session")]
    Locked,
    #[error("{0}")]
    Internal(String),
}

impl From<rusqlite::Error> for CoreError {
    fn from(e: rusqlite::Error) -> Self {
        CoreError::Store(e.into())
    }
}

pub type CoreResult<T> = Result<T, CoreError>;

/// Messages that are not tied to a domain code (the shell's too).
#[derive(Clone, Copy, Debug)]
pub enum Msg {
    NotFound,
    WrongPassword,
    Locked,
    Forbidden,
    AlreadySetUp,
    BadFile,
    Internal,
    PrintFailed,
}

/// A message in the user's language.
pub fn text(msg: Msg, lang: Lang) -> &'static str {
    match (msg, lang) {
        (Msg::NotFound, Lang::Vi) => "Không tìm thấy dữ liệu",
        (Msg::NotFound, Lang::En) => "Not found",
        (Msg::WrongPassword, Lang::Vi) => "Sai tên đăng nhập hoặc mật khẩu",
        (Msg::WrongPassword, Lang::En) => "Wrong user name or password",
        (Msg::Locked, Lang::Vi) => "Phiên làm việc đã khóa, vui lòng đăng nhập lại",
        (Msg::Locked, Lang::En) => "The session is locked, please log in again",
        (Msg::Forbidden, Lang::Vi) => "Bạn không có quyền thực hiện thao tác này",
        (Msg::Forbidden, Lang::En) => "You are not allowed to do this",
        (Msg::AlreadySetUp, Lang::Vi) => "Máy này đã được thiết lập",
        (Msg::AlreadySetUp, Lang::En) => "This device is already set up",
        (Msg::BadFile, Lang::Vi) => "Tệp không đúng mẫu",
        (Msg::BadFile, Lang::En) => "The file does not follow the template",
        (Msg::Internal, Lang::Vi) => "Đã xảy ra lỗi, vui lòng thử lại",
        (Msg::Internal, Lang::En) => "Something went wrong, please try again",
        (Msg::PrintFailed, Lang::Vi) => "Không in được ra tệp PDF",
        (Msg::PrintFailed, Lang::En) => "Could not print to a PDF file",
    }
}

/// A domain code in the user's language.
pub fn code_message(code: Code, lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => code.message_vi(),
        Lang::En => code.message_en(),
    }
}

/// The stable snake_case name of a code, as it travels over the wire.
pub fn code_name(code: Code) -> String {
    serde_json::to_value(code)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The bound a value went past, as the message adds it: "tối đa 100.000.000 đ".
fn bound(limit: vonxa_domain::Money, lang: Lang) -> String {
    match lang {
        Lang::Vi => format!("tối đa {limit}"),
        Lang::En => format!("at most {limit}"),
    }
}

fn from_domain(e: &DomainError, lang: Lang) -> IpcError {
    match e {
        DomainError::Validation { .. } | DomainError::Fields { .. } => {
            let mut all = e.problems().into_iter().map(|p| FieldMessage {
                message: match p.limit {
                    Some(limit) => {
                        format!("{} ({})", code_message(p.code, lang), bound(limit, lang))
                    }
                    None => code_message(p.code, lang).to_owned(),
                },
                field: p.field,
                code: code_name(p.code),
            });
            let first = all.next().unwrap_or_else(|| FieldMessage {
                field: String::new(),
                code: code_name(Code::InvalidValue),
                message: code_message(Code::InvalidValue, lang).to_owned(),
            });
            IpcError::Validation {
                field: first.field,
                code: first.code,
                message: first.message,
                more: all.collect(),
            }
        }
        DomainError::NotFound { .. } => IpcError::NotFound {
            message: text(Msg::NotFound, lang).into(),
        },
        DomainError::Forbidden { .. } => IpcError::Forbidden {
            message: text(Msg::Forbidden, lang).into(),
        },
    }
}

impl CoreError {
    /// Put the error in the user's words. Internal details are logged, never shown.
    pub fn to_ipc(&self, lang: Lang) -> IpcError {
        let internal = || {
            tracing::error!(error = %self, "command failed");
            IpcError::Internal {
                message: text(Msg::Internal, lang).into(),
            }
        };
        match self {
            CoreError::Domain(e) | CoreError::Store(StoreError::Domain(e)) => from_domain(e, lang),
            CoreError::Store(StoreError::WrongPassword | StoreError::UnknownUser(_)) => {
                IpcError::WrongPassword {
                    message: text(Msg::WrongPassword, lang).into(),
                }
            }
            CoreError::Store(StoreError::AlreadyExists) => IpcError::Conflict {
                message: text(Msg::AlreadySetUp, lang).into(),
            },
            CoreError::Store(StoreError::NotInitialised) => IpcError::NotFound {
                message: text(Msg::NotFound, lang).into(),
            },
            CoreError::Store(StoreError::Import(detail)) => IpcError::Validation {
                field: "file".into(),
                code: code_name(Code::InvalidFormat),
                message: format!("{}: {detail}", text(Msg::BadFile, lang)),
                more: Vec::new(),
            },
            CoreError::Locked => IpcError::Forbidden {
                message: text(Msg::Locked, lang).into(),
            },
            CoreError::Store(_) | CoreError::Internal(_) => internal(),
        }
    }
}
