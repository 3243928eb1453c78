//! A cap on the log lines one device can cause. A hostile enrolled device could otherwise grow
//! the province's log without bound (a page of 1,000 refused changes is 1,000 lines). Each
//! device gets at most `per_minute` lines a minute; the lines over it are dropped and counted,
//! and one summary line ("K lines suppressed") follows when the minute ends — at the device's
//! next line, or at the periodic [`LogCap::flush`], whichever comes first. So a device causes
//! at most `per_minute + 1` lines a minute, whatever it sends.
//!
//! Use: `if state.guards.log.allow(device) { tracing::warn!(…) }` for every per-device line.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use vonxa_domain::DeviceId;

/// The window the cap counts lines in.
pub const WINDOW: Duration = Duration::from_secs(60);

#[derive(Clone, Copy, Debug)]
struct Window {
    start: Instant,
    lines: u32,
    suppressed: u64,
}

/// Per-device log budget: `per_minute` lines, then silence and one summary.
pub struct LogCap {
    per_minute: u32,
    devices: Mutex<HashMap<DeviceId, Window>>,
}

impl LogCap {
    pub fn new(per_minute: u32) -> LogCap {
        LogCap {
            per_minute,
            devices: Mutex::new(HashMap::new()),
        }
    }

    /// May the caller log one more line for `device`? Logs the summary of a window that
    /// ended with lines suppressed first.
    pub fn allow(&self, device: DeviceId) -> bool {
        let (ok, ended) = self.admit_at(device, Instant::now());
        if let Some(k) = ended {
            summary(device, k);
        }
        ok
    }

    /// Log the summaries of windows that ended with lines suppressed, and forget ended
    /// windows (run every minute or so by the server's upkeep task).
    pub fn flush(&self) {
        for (device, k) in self.flush_at(Instant::now()) {
            summary(device, k);
        }
    }

    /// [`LogCap::allow`] at `now`, without logging: (log this line?, lines suppressed in the
    /// window that just ended, if any).
    pub fn admit_at(&self, device: DeviceId, now: Instant) -> (bool, Option<u64>) {
        let Ok(mut devices) = self.devices.lock() else {
            // A poisoned lock means a panic elsewhere: keep logging rather than go blind.
            return (true, None);
        };
        let fresh = Window {
            start: now,
            lines: 0,
            suppressed: 0,
        };
        let w = devices.entry(device).or_insert(fresh);
        let mut ended = None;
        if now.saturating_duration_since(w.start) >= WINDOW {
            ended = (w.suppressed > 0).then_some(w.suppressed);
            *w = fresh;
        }
        if w.lines < self.per_minute {
            w.lines += 1;
            (true, ended)
        } else {
            w.suppressed += 1;
            (false, ended)
        }
    }

    /// [`LogCap::flush`] at `now`, without logging: the summaries due, by device.
    pub fn flush_at(&self, now: Instant) -> Vec<(DeviceId, u64)> {
        let Ok(mut devices) = self.devices.lock() else {
            return Vec::new();
        };
        let mut due = Vec::new();
        devices.retain(|device, w| {
            if now.saturating_duration_since(w.start) < WINDOW {
                return true;
            }
            if w.suppressed > 0 {
                due.push((*device, w.suppressed));
            }
            false
        });
        due
    }
}

fn summary(device: DeviceId, suppressed: u64) {
    tracing::warn!(
        device = %device,
        suppressed,
        "log lines of this device suppressed in the last minute (the log cap)"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dev(n: u128) -> DeviceId {
        DeviceId(uuid::Uuid::from_u128(n))
    }

    #[test]
    fn a_device_gets_its_lines_then_one_summary_per_minute() {
        let cap = LogCap::new(3);
        let (a, b) = (dev(1), dev(2));
        let t0 = Instant::now();
        let at = |s: u64| t0 + Duration::from_secs(s);
        // 1,000 lines in the first minute: three get through, the rest are counted.
        let logged = (0..1_000).filter(|_| cap.admit_at(a, at(1)).0).count();
        assert_eq!(logged, 3);
        // Another device has its own budget.
        assert_eq!(cap.admit_at(b, at(2)), (true, None));
        // The next minute: the line goes through, with the summary of the last one.
        assert_eq!(cap.admit_at(a, at(61)), (true, Some(997)));
        assert_eq!(cap.admit_at(a, at(62)), (true, None));
        // A quiet minute has no summary.
        assert_eq!(cap.admit_at(b, at(130)), (true, None));
    }

    #[test]
    fn flush_reports_a_device_that_went_quiet_once() {
        let cap = LogCap::new(2);
        let a = dev(7);
        let t0 = Instant::now();
        for _ in 0..10 {
            cap.admit_at(a, t0);
        }
        // The window is still open: nothing to report yet.
        assert!(cap.flush_at(t0 + Duration::from_secs(30)).is_empty());
        let due = cap.flush_at(t0 + WINDOW);
        assert_eq!(due, vec![(a, 8)]);
        // Reported once, and the window is gone: a new one starts clean.
        assert!(cap.flush_at(t0 + WINDOW * 2).is_empty());
        assert_eq!(cap.admit_at(a, t0 + WINDOW * 2), (true, None));
    }

    #[test]
    fn allow_through_the_public_path() {
        let cap = LogCap::new(1);
        let a = dev(9);
        assert!(cap.allow(a));
        assert!(!cap.allow(a));
        cap.flush();
    }
}
