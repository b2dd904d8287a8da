//! The complaint and its two stages (docs/state-machine.md, "States"; Code sections 5 and 6):
//! the vocabulary, the state machine, the deadlines, and what a response must contain. Pure
//! decisions: the store records what these functions allow.

mod backdated;
mod deadlines;
mod due;
mod machine;
mod vocabulary;

pub use backdated::{LetterTiming, letter_timing};
pub use deadlines::{StageDeadlines, stage_deadlines};
pub use due::{Due, NextDue, clock_due, earlier, next_due, ombudsman_request_due};
pub use machine::*;
pub(crate) use machine::{field, rule};
pub use vocabulary::*;
