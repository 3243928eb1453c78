//! What the province allows one enrolled device beyond its request rate: bytes held in
//! unfinished photo uploads (a quota), how long an untouched upload is kept, photo bytes per
//! second (a token bucket with a burst) and log lines per minute ([`crate::logcap`]). A device
//! is trusted with its scope, not with the province's disk, bandwidth or log.
//!
//! [`Limits`] is the configuration (`serve` flags); [`Guards`] the running state every handler
//! sees; [`upkeep`] the periodic task of `serve` (expired uploads, log summaries).

use crate::db::{Backend, DbResult};
use crate::logcap::LogCap;
use crate::ratelimit::RateLimiter;
use std::sync::Arc;
use std::time::Duration;

const MIB: u64 = 1024 * 1024;

/// How often `serve` sweeps expired uploads (and once at start).
pub const SWEEP_EVERY: Duration = Duration::from_secs(10 * 60);

/// Per-device limits (the `serve` flags; each also from the environment).
#[derive(Clone, Debug, PartialEq, Eq, clap::Args)]
pub struct Limits {
    /// MiB a device may hold in unfinished photo uploads; a chunk over it → 429 rate_limited.
    #[arg(long, env = "VONXA_PROVINCE_UPLOAD_QUOTA_MIB", default_value_t = 64)]
    pub upload_quota_mib: u64,
    /// Hours after which an upload nobody added a chunk to is dropped (the device starts the
    /// photo again from 0).
    #[arg(long, env = "VONXA_PROVINCE_UPLOAD_EXPIRY_HOURS", default_value_t = 48)]
    pub upload_expiry_hours: u64,
    /// Photo bytes per second a device may send, in KiB (sustained); over it → 429.
    #[arg(long, env = "VONXA_PROVINCE_PHOTO_RATE_KIB", default_value_t = 1024)]
    pub photo_rate_kib: u64,
    /// The burst of photo bytes a device may send at once, in MiB.
    #[arg(long, env = "VONXA_PROVINCE_PHOTO_BURST_MIB", default_value_t = 32)]
    pub photo_burst_mib: u64,
    /// Log lines one device may cause per minute; the rest are counted in one summary line.
    #[arg(long, env = "VONXA_PROVINCE_LOG_LINES", default_value_t = 30)]
    pub log_lines_per_minute: u32,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            upload_quota_mib: 64,
            upload_expiry_hours: 48,
            photo_rate_kib: 1024,
            photo_burst_mib: 32,
            log_lines_per_minute: 30,
        }
    }
}

impl Limits {
    pub fn upload_quota_bytes(&self) -> u64 {
        self.upload_quota_mib.saturating_mul(MIB)
    }

    pub fn upload_expiry(&self) -> Duration {
        Duration::from_secs(self.upload_expiry_hours.saturating_mul(3600))
    }
}

/// The per-device guards every handler sees.
pub struct Guards {
    pub limits: Limits,
    /// Photo bytes, per device (a rate of 0 KiB/s means unmetered).
    pub photo_bytes: RateLimiter,
    /// Log lines, per device.
    pub log: LogCap,
}

impl Guards {
    pub fn new(limits: Limits) -> Guards {
        let photo_bytes = if limits.photo_rate_kib == 0 {
            RateLimiter::unlimited()
        } else {
            RateLimiter::new(
                (limits.photo_rate_kib.saturating_mul(1024)) as f64,
                (limits.photo_burst_mib.saturating_mul(MIB)) as f64,
            )
        };
        Guards {
            log: LogCap::new(limits.log_lines_per_minute),
            photo_bytes,
            limits,
        }
    }
}

impl Default for Guards {
    fn default() -> Guards {
        Guards::new(Limits::default())
    }
}

/// Drop the unfinished uploads nobody added a chunk to within `expiry` before `now` (unix
/// seconds): (uploads, bytes) dropped.
pub async fn sweep_uploads<B: Backend>(db: &B, expiry: Duration, now: i64) -> DbResult<(u64, u64)> {
    let expiry = i64::try_from(expiry.as_secs()).unwrap_or(i64::MAX);
    db.blob_sweep(now.saturating_sub(expiry)).await
}

/// Sweep expired uploads now, logging what was dropped (`serve` runs it before serving).
pub async fn sweep_expired<B: Backend>(db: &B, guards: &Guards) {
    let now = chrono::Utc::now().timestamp();
    match sweep_uploads(db, guards.limits.upload_expiry(), now).await {
        Ok((0, _)) => {}
        Ok((uploads, bytes)) => {
            tracing::info!(uploads, bytes, "expired photo uploads dropped");
        }
        Err(e) => tracing::error!(error = %e, "sweeping expired photo uploads failed"),
    }
}

/// The upkeep of `serve`: expired uploads swept every [`SWEEP_EVERY`], the log cap's
/// summaries every minute. Runs until aborted.
pub async fn upkeep<B: Backend>(db: B, guards: Arc<Guards>) {
    let mut minute = tokio::time::interval(crate::logcap::WINDOW);
    minute.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut last_sweep = tokio::time::Instant::now();
    loop {
        minute.tick().await;
        guards.log.flush();
        if last_sweep.elapsed() >= SWEEP_EVERY {
            last_sweep = tokio::time::Instant::now();
            sweep_expired(&db, &guards).await;
        }
    }
}
