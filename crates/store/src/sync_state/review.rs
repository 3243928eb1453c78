//! What the app lists for review: entries the province refused, with their reason.

use crate::Store;
use crate::error::StoreResult;
use rusqlite::params;

/// A change-log entry the province refused (kept on the device, never pushed again unless the
/// reason may go away).
#[derive(Clone, Debug, PartialEq)]
pub struct RejectedEntry {
    pub seq: i64,
    pub entity: String,
    pub entity_id: String,
    pub payload: serde_json::Value,
    pub code: String,
    pub detail: Option<String>,
    pub device_time: String,
}

impl Store {
    /// Refused entries, newest first, without those closed by a conflict resolution.
    pub fn rejected_changes(&self, limit: usize) -> StoreResult<Vec<RejectedEntry>> {
        let mut stmt = self.connection().prepare_cached(
            "SELECT seq, entity, entity_id, payload, COALESCE(reject_code, ''), reject_detail,
                    device_time
             FROM change_log
             WHERE state = 'rejected' AND COALESCE(reject_code, '') <> 'conflict_resolved'
             ORDER BY seq DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map(params![limit as i64], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, String>(6)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (seq, entity, entity_id, payload, code, detail, device_time) = row?;
            out.push(RejectedEntry {
                seq,
                entity,
                entity_id,
                payload: serde_json::from_str(&payload)?,
                code,
                detail,
                device_time,
            });
        }
        Ok(out)
    }
}
