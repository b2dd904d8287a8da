//! sea-orm entities: persistence shapes only. Repositories convert them at the boundary.

pub mod adjustment;
pub mod adjustment_review;
pub mod attachment;
pub mod audit_entry;
pub mod closure_day;
pub mod complaint;
pub mod complaint_event;
pub mod complaint_scheme;
pub mod complaint_stage;
pub mod contractor;
pub mod correspondence;
pub mod disclosure;
pub mod invitation;
pub mod landlord;
pub mod membership;
pub mod ombudsman_order;
pub mod ombudsman_referral;
pub mod outbox;
pub mod outstanding_action;
pub mod refresh_token;
pub mod remedy;
pub mod resident;
pub mod restriction;
pub mod restriction_review;
pub mod service_request;
pub mod user;
