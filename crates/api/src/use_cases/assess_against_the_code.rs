//! Assess against the Code (Code 8.1a, 8.3, 8.4): the complaints team saves the year's answers
//! into a draft (a new version, with its reason, once a version is approved or published); a
//! landlord admin approves a draft whose every provision is answered and each that does not
//! fully comply has an action and a target date (`redress_domain::self_assessment`), which
//! freezes the computed evidence; and publishes the approved version, superseding any earlier
//! one. Each is audited.

use super::case::Context;
use crate::error::{ApiError, FieldError};
use redress_domain::provisions::EDITION_2024;
use redress_domain::self_assessment::{self, Complies};
use redress_store::self_assessments::{self, Answer, Assessment, AssessmentStatus, Save};
use redress_store::{audit, evidence};
use std::collections::BTreeMap;

/// Saves answers into the year's draft, audited as `kind` (saved or imported). `read` gives
/// the answers against the edition the year is assessed against.
pub async fn save_answers(
    cx: &Context<'_>,
    year: i32,
    new_version_reason: Option<String>,
    kind: &str,
    read: impl FnOnce(&str) -> Result<BTreeMap<String, Answer>, ApiError>,
) -> Result<Assessment, ApiError> {
    let (by, actor) = cx.acting_staff()?;
    let db = cx.db();
    let edition = self_assessments::latest(&db, cx.scope, year)
        .await?
        .map_or(EDITION_2024.to_owned(), |a| a.edition);
    let answers = read(&edition)?;
    let saved = self_assessments::save(
        &db,
        cx.scope,
        Save {
            year,
            edition,
            answers,
            new_version_reason,
            by,
        },
    )
    .await?;
    audit::record(
        &db,
        cx.scope,
        &actor,
        kind,
        Some(saved.id),
        serde_json::json!({"year": year, "version": saved.version}),
    )
    .await?;
    Ok(saved)
}

/// Why an assessment cannot be approved yet.
pub fn approval_problems(a: &Assessment) -> Vec<String> {
    self_assessment::approval_problems(&a.edition, |number| {
        let ans = a.answers.get(number)?;
        Some(self_assessment::Answer {
            complies: Complies::parse(ans.complies.as_deref()?).ok()?,
            has_action: ans.action.is_some(),
            has_target_date: ans.target_date.is_some(),
        })
    })
}

/// Approves the year's draft, freezing the computed evidence as it is today.
pub async fn approve(cx: &Context<'_>, year: i32) -> Result<(), ApiError> {
    let (by, actor) = cx.acting_staff()?;
    let db = cx.db();
    let draft = self_assessments::latest(&db, cx.scope, year)
        .await?
        .ok_or(ApiError::NotFound)?;
    if draft.status != AssessmentStatus::Draft {
        return Err(ApiError::Conflict(format!(
            "version {} is {}, not a draft; to change it, save a new version with its reason",
            draft.version, draft.status
        )));
    }
    let problems = approval_problems(&draft);
    if !problems.is_empty() {
        return Err(ApiError::Invalid(
            problems
                .into_iter()
                .map(|m| FieldError::new("provisions", m))
                .collect(),
        ));
    }
    let rules = cx.rules().await?;
    let frozen = evidence::compute(&db, cx.scope, &rules.calendar, year, cx.today).await?;
    self_assessments::approve(&db, cx.scope, &draft, &frozen, by).await?;
    audit::record(
        &db,
        cx.scope,
        &actor,
        "self_assessment_approved",
        Some(draft.id),
        serde_json::json!({"year": year, "version": draft.version}),
    )
    .await?;
    Ok(())
}

/// Publishes the year's approved version.
pub async fn publish(cx: &Context<'_>, year: i32) -> Result<(), ApiError> {
    let (by, actor) = cx.acting_staff()?;
    let db = cx.db();
    let latest = self_assessments::latest(&db, cx.scope, year)
        .await?
        .ok_or(ApiError::NotFound)?;
    if latest.status != AssessmentStatus::Approved {
        return Err(ApiError::Conflict(format!(
            "version {} is {}; only an approved version is published",
            latest.version, latest.status
        )));
    }
    self_assessments::publish(&db, cx.scope, &latest, by).await?;
    audit::record(
        &db,
        cx.scope,
        &actor,
        "self_assessment_published",
        Some(latest.id),
        serde_json::json!({"year": year, "version": latest.version}),
    )
    .await?;
    Ok(())
}
