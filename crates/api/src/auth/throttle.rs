//! Slowing and then refusing repeated failed sign-ins, per account and per client address.
//!
//! Limits (per account and, separately, per address, within a 15-minute window):
//! after 5 failures each further attempt waits 1 second before it is answered; after 10
//! failures sign-in is refused with 429 until 15 minutes after the first failure. A successful
//! sign-in clears the account's count. Counts are kept in the memory of each server process.

use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

#[derive(Debug, Clone, Copy)]
pub struct ThrottleLimits {
    pub window: Duration,
    pub slow_after: u32,
    pub refuse_after: u32,
    pub delay: std::time::Duration,
}

impl Default for ThrottleLimits {
    fn default() -> Self {
        Self {
            window: Duration::minutes(15),
            slow_after: 5,
            refuse_after: 10,
            delay: std::time::Duration::from_secs(1),
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    since: DateTime<Utc>,
}

/// What to do with a sign-in attempt before checking the password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Allow,
    /// Answer, but only after this delay.
    Slow(std::time::Duration),
    /// Refuse; the number of seconds until attempts are allowed again.
    Refuse(i64),
}

#[derive(Clone, Default)]
pub struct LoginThrottle {
    limits: ThrottleLimits,
    failures: Arc<Mutex<HashMap<String, Failures>>>,
}

impl LoginThrottle {
    pub fn new(limits: ThrottleLimits) -> Self {
        Self {
            limits,
            failures: Arc::default(),
        }
    }

    fn keys(account: &str, address: &str) -> [String; 2] {
        [format!("account:{account}"), format!("address:{address}")]
    }

    pub fn check(&self, account: &str, address: &str) -> Verdict {
        let now = Utc::now();
        let Ok(mut map) = self.failures.lock() else {
            return Verdict::Allow;
        };
        let mut verdict = Verdict::Allow;
        for key in Self::keys(account, address) {
            if let Some(f) = map.get(&key).copied() {
                if now - f.since > self.limits.window {
                    map.remove(&key);
                    continue;
                }
                if f.count >= self.limits.refuse_after {
                    let wait = (f.since + self.limits.window - now).num_seconds().max(1);
                    return Verdict::Refuse(wait);
                }
                if f.count >= self.limits.slow_after {
                    verdict = Verdict::Slow(self.limits.delay);
                }
            }
        }
        verdict
    }

    pub fn failed(&self, account: &str, address: &str) {
        let now = Utc::now();
        if let Ok(mut map) = self.failures.lock() {
            for key in Self::keys(account, address) {
                let entry = map.entry(key).or_insert(Failures {
                    count: 0,
                    since: now,
                });
                entry.count += 1;
            }
        }
    }

    pub fn succeeded(&self, account: &str) {
        if let Ok(mut map) = self.failures.lock() {
            map.remove(&format!("account:{account}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_slow_then_refuse_sign_in() {
        let t = LoginThrottle::new(ThrottleLimits::default());
        for _ in 0..5 {
            assert_eq!(t.check("a@x.org", "1.2.3.4"), Verdict::Allow);
            t.failed("a@x.org", "1.2.3.4");
        }
        assert!(matches!(t.check("a@x.org", "1.2.3.4"), Verdict::Slow(_)));
        for _ in 0..5 {
            t.failed("a@x.org", "1.2.3.4");
        }
        assert!(matches!(t.check("a@x.org", "1.2.3.4"), Verdict::Refuse(_)));
        // Another account from the same address is refused too: the address is over its limit.
        assert!(matches!(t.check("b@x.org", "1.2.3.4"), Verdict::Refuse(_)));
        // The account is refused from any address.
        assert!(matches!(t.check("a@x.org", "5.6.7.8"), Verdict::Refuse(_)));
        assert_eq!(t.check("b@x.org", "5.6.7.8"), Verdict::Allow);
    }

    #[test]
    fn a_success_clears_the_accounts_failures() {
        let t = LoginThrottle::new(ThrottleLimits::default());
        for _ in 0..6 {
            t.failed("a@x.org", "1.2.3.4");
        }
        t.succeeded("a@x.org");
        assert!(matches!(t.check("a@x.org", "5.6.7.8"), Verdict::Allow));
    }
}
