//! The `redress` binary's library: configuration, telemetry, the application builder used by
//! `main` and by the tests, and demo data.

pub mod backup;
pub mod bench;
pub mod config;
pub mod copy;
pub mod demo;
pub mod demo_reports;
pub mod health;
pub mod startup;
pub mod synthetic;
pub mod telemetry;
