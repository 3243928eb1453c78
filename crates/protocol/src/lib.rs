//! The sync protocol between a device and the provincial endpoint, version [`PROTOCOL_VERSION`].
//! Every request carries the version in the [`VERSION_HEADER`] header; a province that does not
//! speak it answers 426 with the error code [`ErrorCode::UnsupportedVersion`]. Bodies are JSON
//! (camelCase), gzip-compressed both ways. See docs/SYNC.md for the whole story.

mod body;
mod error;
pub mod figures;
mod funduse;

pub use body::*;
pub use error::*;
pub use funduse::*;

/// The protocol version this build speaks.
pub const PROTOCOL_VERSION: u32 = 1;
/// The request header that carries [`PROTOCOL_VERSION`].
pub const VERSION_HEADER: &str = "x-vonxa-protocol";

/// What a device says of itself with each push and pull, in optional headers the province
/// keeps for its fleet screen: the app's version, the changes waiting on the device, the bytes
/// of its database (photos included) and its last sync error (visible ASCII, at most
/// [`report::ERROR_MAX`] characters).
pub mod report {
    pub const APP_VERSION: &str = "x-vonxa-app-version";
    pub const WAITING: &str = "x-vonxa-waiting";
    pub const DB_BYTES: &str = "x-vonxa-db-bytes";
    pub const LAST_ERROR: &str = "x-vonxa-last-error";
    pub const ERROR_MAX: usize = 300;

    /// A text as a header value: visible ASCII only (others become `?`), cut to `ERROR_MAX`.
    pub fn header_text(s: &str) -> String {
        s.chars()
            .take(ERROR_MAX)
            .map(|c| {
                if c == ' ' || c.is_ascii_graphic() {
                    c
                } else {
                    '?'
                }
            })
            .collect()
    }
}

/// Endpoint paths.
pub mod paths {
    pub const HEALTH: &str = "/health";
    pub const OPENAPI: &str = "/v1/openapi.json";
    pub const ENROL: &str = "/v1/enrol";
    pub const PUSH: &str = "/v1/push";
    pub const PULL: &str = "/v1/pull";
    pub const STATUS: &str = "/v1/status";
    /// `/v1/blobs/{hash}`: GET the upload status, PUT a chunk.
    pub const BLOB: &str = "/v1/blobs/{hash}";
    /// `/v1/blobs/{hash}/content`: GET a complete photo's bytes (`Range` honoured).
    pub const BLOB_CONTENT: &str = "/v1/blobs/{hash}/content";
    pub const FUNDUSE_FLAGS: &str = "/v1/funduse/flags";
    pub const FUNDUSE_COUNTS: &str = "/v1/funduse/counts";
    /// A group's money for a month (`?period=YYYY-MM`).
    pub const FIGURES_GROUP: &str = "/v1/figures/groups/{id}";
    /// A point's money over days (`?from=YYYY-MM-DD&to=YYYY-MM-DD`).
    pub const FIGURES_POINT: &str = "/v1/figures/points/{code}";
    /// Broken money chains.
    pub const ALERTS: &str = "/v1/alerts";
}

/// Limits of one push page: entries, and bytes of its uncompressed JSON body.
pub const PUSH_MAX_ENTRIES: usize = 1_000;
pub const PUSH_MAX_BYTES: usize = 1024 * 1024;
/// The largest request body the province reads (after decompression).
pub const BODY_LIMIT_BYTES: usize = 2 * PUSH_MAX_BYTES;
/// Default and largest pull page.
pub const PULL_DEFAULT_LIMIT: u32 = 1_000;
pub const PULL_MAX_LIMIT: u32 = 5_000;
