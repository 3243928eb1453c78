//! Enrolment at the province: one-time codes, their redemption by a device, and which device
//! ids may be enrolled at all (each once).

use super::DeviceRecord;
use chrono::{DateTime, Utc};
use vonxa_domain::DeviceId;
use vonxa_domain::roles::Role;
use vonxa_protocol::Scope;

/// A one-time enrolment code waiting to be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewEnrolCode {
    pub code_hash: String,
    pub scope: Scope,
    pub role: Role,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// A redemption of an enrolment code by a device.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redeem {
    pub code_hash: String,
    pub device: DeviceId,
    pub token_hash: String,
    pub label: String,
    pub now: DateTime<Utc>,
}

/// What became of a redemption.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Redeemed {
    Enrolled(DeviceRecord),
    /// The code is unknown, used or expired.
    BadCode,
    /// The device id is enrolled already, was revoked, or is reserved: an identity is never
    /// enrolled twice (the province's own pseudo-device included).
    KnownDevice,
}

impl Redeemed {
    /// The device enrolled, if it was.
    pub fn device(self) -> Option<DeviceRecord> {
        match self {
            Redeemed::Enrolled(d) => Some(d),
            _ => None,
        }
    }
}

/// May a device id be enrolled at all? Not the nil id (the province's own imports), not the
/// max id, and a UUIDv7 as every device makes (a guessed or copied id of another shape is
/// refused before any lookup).
pub fn enrollable(id: DeviceId) -> bool {
    let u = id.as_uuid();
    !u.is_nil() && !u.is_max() && u.get_version_num() == 7
}
