//! Publish learning (Code 9.3): an entry goes to the residents' panel and the public page with
//! an anonymised "you said, we did" summary that the complaints officer approves. The summary
//! is refused while it names anyone behind the linked complaints, or carries any email address
//! or phone number (`redress_domain::learning::personal_data_in`). Publishing again replaces
//! the summary; withdrawing takes it down. Both are audited.

use super::case::Context;
use super::record_learning::staff_actor;
use crate::error::ApiError;
use redress_store::learning::{self, LearningEntry};
use uuid::Uuid;

pub async fn publish_learning(
    cx: &Context<'_>,
    id: Uuid,
    public_summary: String,
) -> Result<LearningEntry, ApiError> {
    let actor = staff_actor(cx)?;
    Ok(learning::publish(&cx.db(), cx.scope, id, public_summary, actor).await?)
}

pub async fn withdraw_learning(cx: &Context<'_>, id: Uuid) -> Result<LearningEntry, ApiError> {
    let actor = staff_actor(cx)?;
    Ok(learning::withdraw(&cx.db(), cx.scope, id, actor).await?)
}
