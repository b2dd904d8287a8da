//! Request bodies that more than one route accepts, with their parsing into the domain types
//! the use cases take (docs/api.md, "Errors": every bad field is named).

pub mod complaint;
pub mod resident;
