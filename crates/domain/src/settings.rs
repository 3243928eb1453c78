//! Settings the domain marks unconfirmed become versioned data with these defaults.

use serde::{Deserialize, Serialize};

/// Group size limits: the 2013 regulation says 5–60, a 2021 VBSP text says 3–60. Published
/// by the province in the programme table (`credit::table::ProgrammeTable::group_size`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupSizeLimits {
    pub min: u32,
    pub max: u32,
}

impl Default for GroupSizeLimits {
    fn default() -> Self {
        GroupSizeLimits { min: 5, max: 60 }
    }
}

/// Setting keys stored in the versioned settings table.
pub mod keys {
    pub const IDLE_LOCK_MINUTES: &str = "ui.idle_lock_minutes";
    /// The quorum of a group meeting (`credit::meeting::QuorumRule`); default more than half.
    pub const QUORUM: &str = "vetting.quorum";
    /// When fund-use checks fall due (`funduse::CheckPolicy`); default 30 days, then yearly.
    pub const FUNDUSE_POLICY: &str = "funduse.policy";
}

pub const DEFAULT_IDLE_LOCK_MINUTES: u32 = 10;
