//! The storage of fund-use checks' extras, on both backends: the records a page's checks
//! refer to, photo uploads in chunks, and the flags with their checks and evidence.

use super::{DbResult, RefRecord};
use std::future::Future;
use uuid::Uuid;
use vonxa_domain::DeviceId;

/// A flag as stored, with the check that raised it.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredFlag {
    pub check_id: Uuid,
    pub loan_id: Uuid,
    pub flag: String,
    pub outcome: String,
    pub raised_at: String,
    pub superseded_by: Option<Uuid>,
    /// The check's current document.
    pub check: serde_json::Value,
    pub point_code: Option<String>,
    pub group_id: Option<Uuid>,
    /// The photos it names, and whether each is at the province.
    pub photos: Vec<(String, bool)>,
}

/// How much of a photo the province holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Held {
    pub received: u64,
    pub complete: bool,
}

/// Part of a complete photo: its size, its first bytes (they name its type) and the bytes
/// asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlobPart {
    pub size: u64,
    pub head: Vec<u8>,
    pub bytes: Vec<u8>,
}

/// One chunk of a photo upload, with the device that sends it, when (unix seconds) and how
/// many bytes that device may hold in unfinished uploads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chunk {
    pub hash: String,
    pub offset: u64,
    pub bytes: Vec<u8>,
    pub device: DeviceId,
    pub at: i64,
    pub quota: u64,
}

/// What appending a chunk did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Appended {
    /// Stored, or changed nothing (not at the upload's offset, or complete): what is held.
    Held(Held),
    /// Refused: the device would hold more than its quota in unfinished uploads.
    OverQuota { held_by_device: u64 },
}

/// How many first bytes [`BlobPart::head`] holds.
pub const BLOB_HEAD_BYTES: u64 = 16;

/// Where a check naming a photo belongs: its point's code and its group.
pub type PhotoOwner = (Option<String>, Option<Uuid>);

pub trait FundBackend: Clone + Send + Sync + 'static {
    /// The current documents of these records (those that exist, not deleted).
    fn records(
        &self,
        ids: Vec<Uuid>,
    ) -> impl Future<Output = DbResult<Vec<(Uuid, RefRecord)>>> + Send;
    /// The current board roles (`group_role` records) of a group.
    fn group_roles(
        &self,
        group: Uuid,
    ) -> impl Future<Output = DbResult<Vec<(Uuid, RefRecord)>>> + Send;
    fn blob_held(&self, hash: String) -> impl Future<Output = DbResult<Held>> + Send;
    /// Append a chunk at its offset when that is where the upload stands and the device stays
    /// within its quota (chunks it sent of unfinished uploads); otherwise nothing changes.
    fn blob_append(&self, chunk: Chunk) -> impl Future<Output = DbResult<Appended>> + Send;
    /// Every chunk of an upload, in order, as one buffer.
    fn blob_assemble(&self, hash: String) -> impl Future<Output = DbResult<Vec<u8>>> + Send;
    /// End an upload: keep the verified photo (`Some`), or drop the chunks (`None`).
    fn blob_finish(
        &self,
        hash: String,
        keep: Option<(Vec<u8>, DeviceId)>,
    ) -> impl Future<Output = DbResult<()>> + Send;
    /// A complete photo.
    fn blob(&self, hash: String) -> impl Future<Output = DbResult<Option<Vec<u8>>>> + Send;
    /// `len` bytes of the complete photo `hash` from `offset` (fewer at its end), read without
    /// loading it whole; `None` when it is not complete at the province.
    fn blob_part(
        &self,
        hash: String,
        offset: u64,
        len: u64,
    ) -> impl Future<Output = DbResult<Option<BlobPart>>> + Send;
    /// Where the accepted checks naming photo `hash` belong (one row per point and group).
    fn photo_owners(&self, hash: String) -> impl Future<Output = DbResult<Vec<PhotoOwner>>> + Send;
    /// Every flag, oldest first.
    fn flags(&self) -> impl Future<Output = DbResult<Vec<StoredFlag>>> + Send;
    /// Photos named by accepted checks that have not arrived (complete) yet.
    fn missing_photos(&self) -> impl Future<Output = DbResult<Vec<String>>> + Send;
}
