//! What the console's handlers share besides the database (kept in `AppState`): the throttle
//! of failed logins and whether the session cookie is marked `Secure`. A leaf module, so that
//! `http_state` does not depend on `console`, which depends on it.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug, Default)]
pub struct ConsoleState {
    pub throttle: Throttle,
    /// Mark the session cookie `Secure` (served over TLS, or behind a TLS proxy).
    pub secure_cookies: bool,
}

/// Failed logins per (username, address): after `MAX_FAILURES` within `WINDOW`, further tries
/// are refused until the window has passed since the last failure. Kept in memory: a restart
/// forgets it, which costs an attacker a restart of the server, not a way round it.
#[derive(Debug, Default)]
pub struct Throttle {
    failures: Mutex<HashMap<(String, String), (u32, Instant)>>,
}

pub const MAX_FAILURES: u32 = 5;
pub const WINDOW: Duration = Duration::from_secs(15 * 60);

impl Throttle {
    fn key(user: &str, from: &str) -> (String, String) {
        (user.to_lowercase(), from.to_owned())
    }

    /// May this pair try now?
    pub fn allows(&self, user: &str, from: &str) -> bool {
        let Ok(map) = self.failures.lock() else {
            return false;
        };
        match map.get(&Self::key(user, from)) {
            Some((n, last)) => *n < MAX_FAILURES || last.elapsed() >= WINDOW,
            None => true,
        }
    }

    pub fn failed(&self, user: &str, from: &str) {
        if let Ok(mut map) = self.failures.lock() {
            let e = map
                .entry(Self::key(user, from))
                .or_insert((0, Instant::now()));
            if e.1.elapsed() >= WINDOW {
                e.0 = 0;
            }
            e.0 += 1;
            e.1 = Instant::now();
        }
    }

    pub fn succeeded(&self, user: &str, from: &str) {
        if let Ok(mut map) = self.failures.lock() {
            map.remove(&Self::key(user, from));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fifth_failure_locks_the_pair_and_a_success_clears_it() {
        let t = Throttle::default();
        for _ in 0..MAX_FAILURES {
            assert!(t.allows("An", "10.0.0.1"));
            t.failed("an", "10.0.0.1");
        }
        assert!(!t.allows("an", "10.0.0.1"));
        assert!(t.allows("an", "10.0.0.2"), "another address");
        assert!(t.allows("binh", "10.0.0.1"), "another user");
        t.succeeded("an", "10.0.0.1");
        assert!(t.allows("an", "10.0.0.1"));
    }
}
