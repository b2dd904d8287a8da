//! The rules of the Housing Ombudsman's Complaint Handling Code that need no IO:
//! the working-day calendar and deadlines, roles, timescales and validated values.
//! Nothing here touches a database, the network or the clock.

pub mod attachments;
pub mod calendar;
pub mod complaint;
pub mod figures;
pub mod learning;
pub mod ombudsman;
pub mod provisions;
pub mod restrictions;
pub mod roles;
pub mod self_assessment;
pub mod timescales;
pub mod values;
