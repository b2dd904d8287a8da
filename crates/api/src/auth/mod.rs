//! Sign-in: password hashing, access tokens, refresh tokens, throttling and the extractors
//! through which handlers learn who is calling.

pub mod extract;
pub mod jwt;
pub mod password;
pub mod secret;
pub mod throttle;

pub use extract::{AuthUser, Policy, Tenant};
