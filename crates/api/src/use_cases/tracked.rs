//! What tracking a remedy (Code 7.3) and an outstanding action (Code 6.6) share: finding the
//! item on the case as the member of staff may work on it, and the completion date a change
//! of status records.

use super::case::{By, Context, Loaded};
use crate::error::ApiError;
use chrono::NaiveDate;
use redress_domain::complaint::Stage;
use redress_store::complaints::{OutstandingAction, Remedy};
use uuid::Uuid;

/// A remedy or an outstanding action: something promised at a stage and followed to the end.
pub(super) trait Tracked {
    fn id(&self) -> Uuid;
    fn stage(&self) -> Stage;
}

impl Tracked for Remedy {
    fn id(&self) -> Uuid {
        self.id
    }
    fn stage(&self) -> Stage {
        self.stage
    }
}

impl Tracked for OutstandingAction {
    fn id(&self) -> Uuid {
        self.id
    }
    fn stage(&self) -> Stage {
        self.stage
    }
}

/// The item `id` among the case's `items`, when the member of staff acting may work on its
/// stage. An item they cannot see (another stage, for a contractor) is not found; the resident
/// tracks nothing.
pub(super) fn find<'a, T: Tracked>(
    cx: &Context<'_>,
    loaded: &Loaded,
    items: &'a [T],
    id: Uuid,
) -> Result<&'a T, ApiError> {
    let By::Staff(caller) = cx.by else {
        return Err(ApiError::Forbidden(
            "remedies and outstanding actions are tracked by the landlord's staff".into(),
        ));
    };
    let item = items
        .iter()
        .find(|i| i.id() == id)
        .filter(|i| caller.sees_stage(i.stage()))
        .ok_or(ApiError::NotFound)?;
    caller.may_work_on_stage(&loaded.case, item.stage())?;
    Ok(item)
}

/// The completion date a change records: the day given (else today) when the status becomes
/// completed, none when it becomes anything else, and the day given alone when the status is
/// left as it is.
pub(super) fn completion(
    completed: Option<bool>,
    given: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<Option<NaiveDate>> {
    match completed {
        Some(true) => Some(Some(given.unwrap_or(today))),
        Some(false) => Some(None),
        None => given.map(Some),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completing_records_the_day_given_or_today_and_reopening_clears_it() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap_or_default();
        let on = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
        assert_eq!(completion(Some(true), None, today), Some(Some(today)));
        assert_eq!(completion(Some(true), Some(on), today), Some(Some(on)));
        assert_eq!(completion(Some(false), Some(on), today), Some(None));
        assert_eq!(completion(None, Some(on), today), Some(Some(on)));
        assert_eq!(completion(None, None, today), None);
    }
}
