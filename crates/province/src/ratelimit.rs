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
        if *tokens >= 1.0 {
            *tokens -= 1.0;
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
}
