//! sea-orm entities: persistence shapes only. Repositories convert them at the boundary.

pub mod closure_day;
pub mod complaint_scheme;
pub mod contractor;
pub mod invitation;
pub mod landlord;
pub mod membership;
pub mod outbox;
pub mod refresh_token;
pub mod user;
