//! A per-device token bucket: a sustained rate with a burst. Generous by default: a device
//! syncs a few requests a minute; this only stops a runaway client.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;
use vonxa_domain::DeviceId;

pub struct RateLimiter {
    per_second: f64,
    burst: f64,
    buckets: Mutex<HashMap<DeviceId, (f64, Instant)>>,
}

impl RateLimiter {
    pub fn new(per_second: f64, burst: f64) -> RateLimiter {
        RateLimiter {
            per_second,
            burst,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// No limit (tests, benchmarks).
    pub fn unlimited() -> RateLimiter {
        RateLimiter::new(f64::INFINITY, f64::INFINITY)
    }

    /// Take one token for `device`; `false` when its bucket is empty.
    pub fn allow(&self, device: DeviceId) -> bool {
        self.allow_n(device, 1.0)
    }

    /// Take `cost` tokens for `device` (e.g. the bytes of a photo chunk); `false` when it
    /// holds fewer. A cost above the burst passes on a full bucket and leaves it in debt, so
    /// it is never refused for good.
    pub fn allow_n(&self, device: DeviceId, cost: f64) -> bool {
        if self.per_second.is_infinite() {
            return true;
        }
        let Ok(mut buckets) = self.buckets.lock() else {
            return true;
        };
        let now = Instant::now();
        let (tokens, last) = buckets.entry(device).or_insert((self.burst, now));
        let refill = now.duration_since(*last).as_secs_f64() * self.per_second;
        *tokens = (*tokens + refill).min(self.burst);
        *last = now;
        if *tokens >= cost.min(self.burst) {
            *tokens -= cost;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_then_refusal() {
        let l = RateLimiter::new(0.001, 3.0);
        let d = DeviceId(uuid::Uuid::nil());
        assert!(l.allow(d) && l.allow(d) && l.allow(d));
        assert!(!l.allow(d));
        assert!(RateLimiter::unlimited().allow(d));
    }

    #[test]
    fn bytes_with_a_burst() {
        let l = RateLimiter::new(0.001, 1000.0);
        let d = DeviceId(uuid::Uuid::nil());
        assert!(l.allow_n(d, 600.0));
        assert!(!l.allow_n(d, 600.0), "400 left");
        assert!(l.allow_n(d, 400.0));
        // More than the burst passes on a full bucket only.
        let big = RateLimiter::new(0.001, 10.0);
        assert!(big.allow_n(d, 50.0));
        assert!(!big.allow_n(d, 1.0), "in debt");
    }
}
