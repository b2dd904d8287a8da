//! The use-case layer: one module per verb of the Code, named in its words
//! (docs/state-machine.md, "Transitions").
//!
//! Each verb takes a [`Context`] built once per request (the landlord, who is acting, the day)
//! and input already parsed into domain types. It loads the case as the one acting may see it,
//! lets the domain's rules decide, and records the change, its event and its letter in one
//! transaction of its own, answering with the case as it now is. Route handlers extract,
//! parse, call one verb and render a view; the resident's tracking routes call the same verbs.

pub mod acknowledge;
pub mod additional_complaint;
pub mod allocate;
pub mod assess_against_the_code;
pub mod case;
pub mod close;
mod decision;
pub mod escalate;
pub mod extend;
pub mod log_complaint;
pub mod not_accept;
pub mod ombudsman_requests;
pub mod publish_learning;
pub mod record_compliance;
pub mod record_determination;
pub mod record_learning;
pub mod refer_to_ombudsman;
pub mod refuse_escalation;
pub mod report_annually;
pub mod respond;
pub mod rules;
pub mod track_action;
pub mod track_remedy;
mod tracked;

pub use case::{By, Caller, Context, Loaded};
