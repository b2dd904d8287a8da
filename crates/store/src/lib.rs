//! Persistence for Redress: sea-orm entities and repositories.
//!
//! Tenant-owned tables are reached only through functions that take a [`TenantScope`], and a
//! scope is made only from a membership verified against the database (or, for the server's
//! own tasks, explicitly as a system scope). No handler can forget the tenant.

pub mod account_tokens;
pub mod adjustments;
pub mod annual_reports;
pub mod attachments;
pub mod audit;
pub mod bounces;
pub mod complaints;
pub mod contractors;
pub mod correspondence;
pub mod counters;
pub mod db;
pub mod disclosures;
pub mod early_warning;
pub(crate) mod entities;
mod error;
pub mod evidence;
pub mod exceptional;
pub mod invitations;
pub mod landlords;
pub mod learning;
pub mod letter_templates;
pub mod letters;
pub mod limits;
pub mod memberships;
pub mod mfa;
pub mod ombudsman;
pub mod outbox;
pub mod page;
pub mod performance;
pub mod platform;
pub mod published;
pub mod remedy_history;
pub mod reminders;
pub mod replicate;
pub mod residents;
pub mod restrictions;
pub mod resubmissions;
pub mod rollup;
pub mod running_deadlines;
pub mod schedule;
mod scope;
pub mod scoped;
pub mod seal;
pub mod sector;
pub mod self_assessments;
pub mod service_requests;
mod sql;
pub mod subscriptions;
mod tenant;
pub mod tokens;
pub mod users;

pub use error::StoreError;
pub use outbox::OutgoingEmail;
pub use scope::TenantScope;
pub use scoped::{Conn, Purpose, Scoped};
pub use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr, TransactionSession,
    TransactionTrait,
};

pub type Result<T, E = StoreError> = std::result::Result<T, E>;
