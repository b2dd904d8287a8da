//! The one integration-test binary: every black-box test of the HTTP API, run against the
//! real application on a random port, once on SQLite and once on PostgreSQL.
//! Add test files as modules here rather than new test binaries: one binary links once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod helpers;
mod smtp_sink;

mod access_matrix;
mod accounts;
mod adjustments;
mod attachments;
mod audit;
mod auth;
mod backup;
mod bundle;
mod calendar;
mod catalog;
mod complaints;
mod complaints_access;
mod contractor_sight;
mod contractors;
mod correspondence;
mod delivery;
mod demo;
mod disclosures;
mod early_warning;
mod errors;
mod exceptional;
mod headers;
mod invitations;
mod landlords;
mod learning;
mod letters;
mod limits;
mod mfa;
mod ombudsman;
mod ops;
mod outbox;
mod oversight;
mod platform;
mod previews;
mod public;
mod remedy_guidance;
mod residents;
mod restrictions;
mod rls;
mod scheduler;
mod self_assessment;
mod service_requests;
mod settings;
mod submission;
mod tracking;
mod users;
mod web;
mod worklist;
