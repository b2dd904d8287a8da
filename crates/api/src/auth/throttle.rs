//! Limits on guessing: sign-in, accepting an invitation, password resets, MFA codes, the
//! residents' complaint form and tracking links.
//!
//! - **Per address, a hard refusal.** Attempts of one kind from one client address (the
//!   address behind a trusted proxy, see [`super::client`]) are counted in a window before
//!   they are made, and a success gives its count back; past the limit, every attempt of that
//!   kind from that address is refused with 429 until the window ends.
//! - **Per account, a growing delay, never a refusal.** Failures against one account make
//!   each further attempt wait before it is answered (doubling, up to a cap), from whatever
//!   address. A stranger can slow a named account down but cannot lock its owner out. (Wrong
//!   MFA codes are the exception: whoever sends them has the password, and past
//!   [`MFA_ACCOUNT_FAILURES`] the account's codes are refused for the rest of the window.)
//!
//! Counts live in the database ([`redress_store::limits`]), so every replica sees the same
//! ones, and rows whose window has passed are pruned: the state is bounded by the number of
//! addresses and accounts seen in one window.

use super::client::ClientAddress;
use crate::error::ApiError;
use chrono::{Duration, Utc};
use redress_store::DatabaseConnection;
use redress_store::limits;
use sha2::{Digest, Sha256};

/// The numbers of the limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottleLimits {
    /// How long failures are counted for.
    pub window: Duration,
    /// Failures of one kind from one address before that address is refused (until the
    /// window ends).
    pub address_failures: u32,
    /// Failures against one account before each further attempt is delayed.
    pub account_failures_before_delay: u32,
    /// The first delay; each further failure doubles it...
    pub first_delay: std::time::Duration,
    /// ...up to this.
    pub max_delay: std::time::Duration,
    /// Complaints the residents' form takes from one address in an hour.
    pub public_complaints_per_hour: u32,
}

impl Default for ThrottleLimits {
    fn default() -> Self {
        ThrottleLimits {
            window: Duration::minutes(15),
            address_failures: 20,
            account_failures_before_delay: 3,
            first_delay: std::time::Duration::from_secs(1),
            max_delay: std::time::Duration::from_secs(30),
            public_complaints_per_hour: 20,
        }
    }
}

/// What is being attempted: each kind is counted on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    SignIn,
    Invitation,
    PasswordReset,
    MfaCode,
    Tracking,
    EmailChange,
    /// Asking for a password reset link (every request counts, so one address cannot send
    /// many); counted apart from using the links.
    ResetRequest,
    /// Asking to change one's email address (likewise).
    EmailChangeRequest,
}

impl Attempt {
    fn name(self) -> &'static str {
        match self {
            Attempt::SignIn => "sign-in",
            Attempt::Invitation => "invitation",
            Attempt::PasswordReset => "password-reset",
            Attempt::MfaCode => "mfa",
            Attempt::Tracking => "tracking",
            Attempt::EmailChange => "email-change",
            Attempt::ResetRequest => "password-reset-request",
            Attempt::EmailChangeRequest => "email-change-request",
        }
    }

    fn in_words(self) -> &'static str {
        match self {
            Attempt::SignIn => "failed sign-in attempts",
            Attempt::Invitation => "attempts to accept invitations",
            Attempt::PasswordReset => "password reset attempts",
            Attempt::MfaCode => "wrong security codes",
            Attempt::Tracking => "attempts with tracking links that do not work",
            Attempt::EmailChange => "attempts to confirm an email address",
            Attempt::ResetRequest => "requests for password reset links",
            Attempt::EmailChangeRequest => "requests to change an email address",
        }
    }
}

/// The delay before answering an account's attempt after `failures` failures.
pub fn delay_after(limits: &ThrottleLimits, failures: u32) -> std::time::Duration {
    if failures < limits.account_failures_before_delay {
        return std::time::Duration::ZERO;
    }
    let doublings = (failures - limits.account_failures_before_delay).min(16);
    limits
        .first_delay
        .saturating_mul(1u32 << doublings)
        .min(limits.max_delay)
}

fn address_key(attempt: Attempt, address: &ClientAddress) -> String {
    format!("{}:address:{}", attempt.name(), address.limit_key())
}

/// Accounts are counted under a hash of their (lower-cased) name: the table holds no emails.
fn account_key(attempt: Attempt, account: &str) -> String {
    let digest = Sha256::digest(account.trim().to_lowercase().as_bytes());
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("{}:account:{hex}", attempt.name())
}

fn refusal(attempt: Attempt, resets_at: chrono::DateTime<Utc>) -> ApiError {
    let seconds = (resets_at - Utc::now()).num_seconds().max(1);
    let minutes = (seconds + 59) / 60;
    ApiError::TooManyRequests(format!(
        "too many {} from your address; try again in {minutes} minute{}",
        attempt.in_words(),
        if minutes == 1 { "" } else { "s" }
    ))
}

/// An attempt counted before it is made (see [`Throttle::attempt`]): counting first, in one
/// atomic statement, is what bounds attempts sent all at once. A success takes the count back.
#[must_use = "a successful attempt must give its count back"]
pub struct Counted {
    address: String,
    account: Option<String>,
}

impl Counted {
    /// The attempt succeeded: it does not count against the address, and the account's
    /// failures are forgotten.
    pub async fn succeeded(self, db: &DatabaseConnection) -> Result<(), ApiError> {
        limits::take_back(db, &self.address).await?;
        if let Some(account) = &self.account {
            limits::clear(db, account).await?;
        }
        Ok(())
    }

    /// The attempt failed: it stays counted (nothing to do; said for the reader).
    pub fn failed(self) {}
}

/// Wrong codes for one account, in a window, after which its codes are refused until the
/// window ends: whoever is trying them already has the password.
pub const MFA_ACCOUNT_FAILURES: u32 = 10;

/// The limits, applied against the database.
#[derive(Debug, Clone, Copy, Default)]
pub struct Throttle {
    pub limits: ThrottleLimits,
}

impl Throttle {
    pub fn new(limits: ThrottleLimits) -> Self {
        Throttle { limits }
    }

    /// Counts an attempt against the address and, when there is one, the account, before it
    /// is made: 429 when the address is over its limit for this kind (or, for MFA codes, the
    /// account); otherwise waits as long as the account's earlier failures ask. However many
    /// attempts arrive at once, each is counted before any is tried, so the limit holds.
    pub async fn attempt(
        &self,
        db: &DatabaseConnection,
        attempt: Attempt,
        address: &ClientAddress,
        account: Option<&str>,
    ) -> Result<Counted, ApiError> {
        let address_key = address_key(attempt, address);
        let by_address = limits::hit(db, &address_key, self.limits.window).await?;
        if by_address.count > self.limits.address_failures {
            return Err(refusal(attempt, by_address.resets_at));
        }
        let account_key = account.map(|a| account_key(attempt, a));
        if let Some(key) = &account_key {
            let by_account = limits::hit(db, key, self.limits.window).await?;
            if attempt == Attempt::MfaCode && by_account.count > MFA_ACCOUNT_FAILURES {
                let seconds = (by_account.resets_at - Utc::now()).num_seconds().max(1);
                return Err(ApiError::TooManyRequests(format!(
                    "too many wrong codes for this account; try again in {} minutes. If this \
                     was not you, someone has your password: reset it",
                    (seconds + 59) / 60
                )));
            }
            let delay = delay_after(&self.limits, by_account.count.saturating_sub(1));
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
        }
        Ok(Counted {
            address: address_key,
            account: account_key,
        })
    }

    /// Forgets an account's failures of a kind (its owner proved who they are another way).
    pub async fn forget(
        &self,
        db: &DatabaseConnection,
        attempt: Attempt,
        account: &str,
    ) -> Result<(), ApiError> {
        limits::clear(db, &account_key(attempt, account)).await?;
        Ok(())
    }

    /// Counts a complaint from the residents' form against the address: 429 past the hourly
    /// limit (the complaint is not logged).
    pub async fn public_complaint(
        &self,
        db: &DatabaseConnection,
        address: &ClientAddress,
    ) -> Result<(), ApiError> {
        let key = format!("public-complaint:address:{}", address.limit_key());
        let w = limits::hit(db, &key, Duration::hours(1)).await?;
        if w.count > self.limits.public_complaints_per_hour {
            let seconds = (w.resets_at - Utc::now()).num_seconds().max(1);
            let minutes = (seconds + 59) / 60;
            return Err(ApiError::TooManyRequests(format!(
                "we have had a lot of complaints from your address in the last hour; please try \
                 again in {minutes} minute{}, or contact us another way",
                if minutes == 1 { "" } else { "s" }
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_accounts_delay_grows_from_the_limit_and_stops_at_the_cap() {
        let l = ThrottleLimits::default();
        assert_eq!(delay_after(&l, 0), std::time::Duration::ZERO);
        assert_eq!(delay_after(&l, 2), std::time::Duration::ZERO);
        assert_eq!(delay_after(&l, 3), std::time::Duration::from_secs(1));
        assert_eq!(delay_after(&l, 4), std::time::Duration::from_secs(2));
        assert_eq!(delay_after(&l, 6), std::time::Duration::from_secs(8));
        assert_eq!(delay_after(&l, 9), std::time::Duration::from_secs(30));
        assert_eq!(delay_after(&l, 1000), std::time::Duration::from_secs(30));
    }

    #[test]
    fn accounts_are_counted_under_a_hash_and_kinds_apart() {
        let a = account_key(Attempt::SignIn, "Ada@Example.org ");
        assert_eq!(a, account_key(Attempt::SignIn, "ada@example.org"));
        assert!(!a.contains("ada"));
        assert_ne!(a, account_key(Attempt::MfaCode, "ada@example.org"));
        let addr = ClientAddress(Some(
            "192.0.2.1"
                .parse()
                .unwrap_or(std::net::Ipv4Addr::LOCALHOST.into()),
        ));
        assert_eq!(
            address_key(Attempt::Tracking, &addr),
            "tracking:address:192.0.2.1"
        );
    }
}
