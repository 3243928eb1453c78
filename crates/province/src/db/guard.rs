//! The storage side of what the province allows one device (see `crate::limits`): unfinished
//! photo uploads swept when nobody touched them, the bytes a device holds in them, and
//! refusals without a change row counted, not repeated (one row per change id, device, code
//! and body hash, with how often and when first and last).

use super::{DbResult, Refusal};
use serde::{Deserialize, Serialize};
use std::future::Future;
use uuid::Uuid;
use vonxa_domain::DeviceId;

/// A refusal without a change row, however often the device sent it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RefusalCount {
    pub change_id: Uuid,
    pub device_id: DeviceId,
    pub code: String,
    pub body_hash: String,
    pub count: i64,
    pub first_at: String,
    pub last_at: String,
}

pub trait GuardBackend: Clone + Send + Sync + 'static {
    /// Drop every unfinished upload whose last chunk arrived before `idle_before` (unix
    /// seconds): (uploads, bytes) dropped.
    fn blob_sweep(&self, idle_before: i64) -> impl Future<Output = DbResult<(u64, u64)>> + Send;
    /// Bytes `device` holds in unfinished uploads (the chunks it sent).
    fn uploads_held(&self, device: DeviceId) -> impl Future<Output = DbResult<u64>> + Send;
    /// Refusals without a change row with their counts, oldest first.
    fn refusal_counts(&self) -> impl Future<Output = DbResult<Vec<RefusalCount>>> + Send;
}

/// A page's refusals, one per (change id, device, code, body hash), in the order first seen,
/// with how many times each occurs in the page (an upsert touches each key once).
pub(crate) fn tally(refusals: &[Refusal]) -> Vec<(&Refusal, i64)> {
    let mut out: Vec<(&Refusal, i64)> = Vec::with_capacity(refusals.len());
    let mut at: std::collections::HashMap<_, usize> = std::collections::HashMap::new();
    for r in refusals {
        let key = (
            r.change_id,
            r.device_id,
            r.code.as_str(),
            r.body_hash.as_str(),
        );
        match at.get(&key) {
            Some(&i) => {
                if let Some(e) = out.get_mut(i) {
                    e.1 += 1;
                }
            }
            None => {
                at.insert(key, out.len());
                out.push((r, 1));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_repeating_a_refusal_counts_it() {
        let r = |change: u128, code: &str, hash: &str| Refusal {
            change_id: Uuid::from_u128(change),
            device_id: DeviceId(Uuid::from_u128(9)),
            user_id: "u".into(),
            entity: "household".into(),
            entity_id: Uuid::from_u128(5),
            body_hash: hash.into(),
            code: code.into(),
            received_at: "t".into(),
        };
        let page = [
            r(1, "unknown_parent", "a"),
            r(2, "id_reused", "b"),
            r(1, "unknown_parent", "a"),
            r(1, "unknown_parent", "c"),
        ];
        let t: Vec<(u128, &str, i64)> = tally(&page)
            .iter()
            .map(|(r, n)| (r.change_id.as_u128(), r.body_hash.as_str(), *n))
            .collect();
        assert_eq!(t, vec![(1, "a", 2), (2, "b", 1), (1, "c", 1)]);
    }
}
