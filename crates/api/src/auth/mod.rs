//! Sign-in: password hashing, access tokens, refresh tokens, the second factor, limits on
//! guessing, the client's address, and the extractors through which handlers learn who is
//! calling.

pub mod account;
pub mod case_file;
pub mod client;
pub mod events;
pub mod extract;
pub mod jwt;
pub mod mfa;
pub mod password;
pub mod secret;
pub mod throttle;

pub use client::ClientAddress;
pub use extract::{AuthUser, Policy, Tenant};
