//! Record learning (Code 9.1, 9.2): what went wrong in one or more of the landlord's
//! complaints, the lesson and the improvement, who owns it and how far it has got. Each linked
//! complaint's timeline notes it; a change of links notes those added and those removed. The
//! store writes the entry, its links and events in one transaction.

use super::case::{By, Context};
use crate::error::ApiError;
use redress_store::learning::{self, Actor, LearningChange, LearningEntry, NewLearning};
use uuid::Uuid;

/// The member of staff recording learning, on the landlord's day. Learning is staff's work.
pub(super) fn staff_actor(cx: &Context<'_>) -> Result<Actor, ApiError> {
    match cx.by {
        By::Staff(caller) => Ok(Actor {
            user_id: caller.user_id,
            today: cx.today,
            client_address: cx.client_address.clone(),
        }),
        By::Resident => Err(ApiError::Forbidden(
            "learning is recorded by the landlord's complaints staff".into(),
        )),
    }
}

pub async fn record_learning(
    cx: &Context<'_>,
    new: NewLearning,
) -> Result<LearningEntry, ApiError> {
    let actor = staff_actor(cx)?;
    Ok(learning::create(&cx.db(), cx.scope, new, actor).await?)
}

pub async fn change_learning(
    cx: &Context<'_>,
    id: Uuid,
    change: LearningChange,
) -> Result<LearningEntry, ApiError> {
    let actor = staff_actor(cx)?;
    Ok(learning::update(&cx.db(), cx.scope, id, change, actor).await?)
}
