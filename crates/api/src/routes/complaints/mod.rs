//! Complaints: intake, the case view, the worklist, the timeline, and the actions of the two
//! stages (docs/state-machine.md, "Transitions"; docs/api.md, "The worklist").

pub mod actions;
pub mod attachments;
pub mod bundle;
pub mod correspondence;
pub mod files;
pub mod intake;
pub mod keep_informed;
pub mod ombudsman;
pub mod previews;
pub mod records;
pub mod remedy_guidance;
pub mod tracking_link;
pub mod views;
